package io.sparkmedic.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects read from a {@code kubectl get -o yaml|json} dump: a single object, a {@code List}, or
 * several YAML documents. Unreadable files and input that is not Kubernetes objects give a {@link
 * DumpException} with a one-line reason.
 */
public final class KubeDump {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A dump that cannot be used, with the reason. */
  public static final class DumpException extends Exception {
    public DumpException(String message) {
      super(message);
    }
  }

  private final List<JsonNode> objects;

  private KubeDump(List<JsonNode> objects) {
    this.objects = objects;
  }

  public static KubeDump read(Path file) throws DumpException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new DumpException(file + ": no such file");
    } catch (IOException e) {
      throw new DumpException(file + ": cannot read (" + e.getMessage() + ")");
    }
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        collect(doc, objects, file);
      }
    } catch (IOException | RuntimeException e) {
      throw new DumpException(file + ": not YAML or JSON (" + firstLine(e.getMessage()) + ")");
    }
    return new KubeDump(objects);
  }

  private static void collect(JsonNode doc, List<JsonNode> out, Path file) throws DumpException {
    if (!doc.isObject() || !doc.hasNonNull("kind")) {
      throw new DumpException(file + ": not a Kubernetes object (no \"kind\")");
    }
    if (doc.get("kind").asText().endsWith("List") && doc.has("items")) {
      for (JsonNode item : doc.get("items")) {
        collect(item, out, file);
      }
    } else {
      out.add(doc);
    }
  }

  /** The objects of one kind, converted to the given type. */
  public <T> List<T> ofKind(String kind, Class<T> type) throws DumpException {
    List<T> out = new ArrayList<>();
    for (JsonNode o : objects) {
      if (kind.equals(o.get("kind").asText())) {
        try {
          out.add(Serialization.jsonMapper().treeToValue(o, type));
        } catch (IOException | IllegalArgumentException e) {
          String name = o.path("metadata").path("name").asText("?");
          throw new DumpException(
              kind + " " + name + " is malformed: " + firstLine(e.getMessage()));
        }
      }
    }
    return out;
  }

  public int size() {
    return objects.size();
  }

  public List<String> kinds() {
    return objects.stream().map(o -> o.get("kind").asText()).distinct().toList();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
