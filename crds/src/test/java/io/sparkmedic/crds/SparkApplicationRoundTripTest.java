package io.sparkmedic.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmedic.crds.spark.SparkApplication;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SparkApplicationRoundTripTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode manifest() throws IOException {
    try (InputStream in =
        SparkApplicationRoundTripTest.class.getResourceAsStream("/spark-pi-full.yaml")) {
      return YAML.readTree(in);
    }
  }

  /** What the API server would read back: the serialized text, parsed again. */
  private static JsonNode writtenAsRead(SparkApplication app) throws IOException {
    return YAML.readTree(Serialization.asYaml(app));
  }

  @Test
  void readingAndWritingAFullManifestChangesNothing() throws IOException {
    JsonNode original = manifest();

    SparkApplication app = Serialization.unmarshal(original.toString(), SparkApplication.class);
    JsonNode written = writtenAsRead(app);

    assertThat(written).isEqualTo(original);
  }

  @Test
  void typedFieldsAreReadFromTheManifest() throws IOException {
    SparkApplication app = Serialization.unmarshal(manifest().toString(), SparkApplication.class);

    assertThat(app.getSpec().getExecutor().getMemory()).isEqualTo("8g");
    assertThat(app.getSpec().getExecutor().getMemoryOverhead()).isEqualTo("2g");
    assertThat(app.getSpec().getExecutor().getInstances()).isEqualTo(4);
    assertThat(app.getSpec().getDriver().getMemory()).isEqualTo("4g");
    assertThat(app.getSpec().getDynamicAllocation().getMaxExecutors()).isEqualTo(20);
    assertThat(app.getSpec().getSparkConf()).containsEntry("spark.sql.shuffle.partitions", "400");
    assertThat(app.getStatus().state()).isEqualTo("FAILED");
    assertThat(app.getStatus().getSubmissionId()).isEqualTo("0c6a2b4e-3f5d-4e1a-9b7c-8d2e1f0a3b4c");
    assertThat(app.getStatus().getExecutorState()).hasSize(3);
  }

  @Test
  void changingATypedFieldKeepsEveryUnknownFieldBesideIt() throws IOException {
    JsonNode original = manifest();
    SparkApplication app = Serialization.unmarshal(original.toString(), SparkApplication.class);

    app.getSpec().getExecutor().setMemoryOverhead("3g");
    JsonNode written = writtenAsRead(app);

    ObjectNode expected = original.deepCopy();
    ((ObjectNode) expected.get("spec").get("executor")).put("memoryOverhead", "3g");
    assertThat(written).isEqualTo(expected);
    assertThat(written.at("/spec/executor/template/spec/priorityClassName").asText())
        .isEqualTo("batch-low");
    assertThat(written.at("/spec/driver/env/1/valueFrom/configMapKeyRef/key").asText())
        .isEqualTo("environment");
  }
}
