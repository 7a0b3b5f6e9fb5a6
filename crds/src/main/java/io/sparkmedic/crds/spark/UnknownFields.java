package io.sparkmedic.crds.spark;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps every field of a user's object that this model does not name, so that reading and writing a
 * {@code SparkApplication} never drops what the Spark operator (or a newer version of its CRD)
 * knows and we do not.
 */
public abstract class UnknownFields {

  private final Map<String, Object> unknownFields = new LinkedHashMap<>();

  @JsonAnyGetter
  public Map<String, Object> getUnknownFields() {
    return unknownFields;
  }

  @JsonAnySetter
  public void setUnknownField(String name, Object value) {
    unknownFields.put(name, value);
  }

  @JsonIgnore
  public Object unknownField(String name) {
    return unknownFields.get(name);
  }
}
