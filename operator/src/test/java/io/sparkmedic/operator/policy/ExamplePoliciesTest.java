package io.sparkmedic.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.crds.v1alpha1.TuningPolicy;
import io.sparkmedic.operator.cli.KubeDump;
import io.sparkmedic.remediation.plan.RemediationPolicy;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policies in examples/ are valid, and say what their comments say. */
class ExamplePoliciesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"conservative", "cost-first", "sla-first"})
  void theExamplePoliciesAreValid(String name) throws Exception {
    TuningPolicy policy =
        KubeDump.read(Path.of("../examples/" + name + ".yaml"))
            .ofKind("TuningPolicy", TuningPolicy.class)
            .get(0);

    PolicyTranslator.Result result = PolicyTranslator.translate(policy);

    assertThat(result.errors()).isEmpty();
    assertThat(result.policy().name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cost-first"})
  void costFirstKeepsExecutorsOnSpot(String name) throws Exception {
    RemediationPolicy policy =
        PolicyTranslator.translate(
                KubeDump.read(Path.of("../examples/" + name + ".yaml"))
                    .ofKind("TuningPolicy", TuningPolicy.class)
                    .get(0))
            .policy();

    assertThat(policy.onDemand().scope()).isEqualTo(RemediationPolicy.OnDemand.Scope.DRIVER);
    assertThat(policy.onDemand().labelValues()).containsExactly("ON_DEMAND");
    assertThat(policy.infrastructureAttempts()).isEqualTo(6);
  }
}
