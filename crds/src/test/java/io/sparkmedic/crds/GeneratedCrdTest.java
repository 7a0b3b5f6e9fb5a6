package io.sparkmedic.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `kubectl` and the API server get from the generated CRDs. */
class GeneratedCrdTest {

  private static JsonNode crd(String plural) throws Exception {
    try (InputStream in =
        GeneratedCrdTest.class.getResourceAsStream(
            "/META-INF/fabric8/" + plural + ".sparkmedic.io-v1.yml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static List<String> columns(JsonNode crd) {
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  @Test
  void sparkRemediationsListAsAHistoryTable() throws Exception {
    JsonNode crd = crd("sparkremediations");

    assertThat(columns(crd))
        .containsExactly("App", "Attempt", "Diagnosis", "Action", "Outcome", "Age");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("srem");
    assertThat(crd.at("/spec/names/categories/0").asText()).isEqualTo("sparkmedic");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    assertThat(
            crd.at(
                    "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/outcome/enum")
                .toString())
        .contains(
            "Pending",
            "Resubmitted",
            "Succeeded",
            "Failed",
            "Exhausted",
            "CapReached",
            "NotRetryable",
            "Advised");
  }

  @Test
  void tuningPoliciesAreValidatedAtAdmission() throws Exception {
    JsonNode crd = crd("tuningpolicies");
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");

    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("tpol");
    assertThat(crd.at("/spec/names/categories/0").asText()).isEqualTo("sparkmedic");
    assertThat(columns(crd))
        .containsExactly(
            "Mode", "Priority", "Strategy", "Selected", "Remediations", "Ready", "Age");
    assertThat(spec.at("/required").toString()).contains("selector");
    assertThat(spec.at("/properties/mode/enum").toString()).contains("Remediate", "Advise");
    assertThat(spec.at("/properties/strategy/enum").toString())
        .contains("InPlace", "NewApplication");
    assertThat(spec.at("/properties/rules/items/properties/category/pattern").asText())
        .contains("EXECUTOR_HEAP_OOM");
    assertThat(spec.at("/properties/rules/items/properties/factor/maximum").asDouble())
        .isEqualTo(4.0);
    assertThat(spec.at("/properties/rules/maxItems").asInt()).isEqualTo(20);
    assertThat(spec.at("/properties/ceilings/properties/executorMemory/pattern").asText())
        .isEqualTo("^[0-9]+([kKmMgGtTpP][bB]?|[bB])?$");
    assertThat(spec.at("/x-kubernetes-validations/0/rule").asText()).contains("self.rules.all");
    assertThat(spec.at("/properties/backoff/x-kubernetes-validations/0/message").asText())
        .isEqualTo("backoff.maxSeconds must be at least backoff.initialSeconds");
  }
}
