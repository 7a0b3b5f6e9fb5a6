package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void theDemoEndsWithTheJobCompletedAfterOneRemediation() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Main.execute(
            new String[] {"demo", "--timeout", "120"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("nightly-etl is FAILED — driver container failed with ExitCode: 1, Reason: Error")
        .contains("reason OOMKilled")
        .contains("EXECUTOR_CONTAINER_OOM, Resubmit (spec.executor.memoryOverhead (unset) → 576m)")
        .contains("nightly-etl is COMPLETED")
        .contains("$ kubectl get sparkremediations -n demo")
        .containsPattern(
            "nightly-etl-[0-9a-f]{8} +nightly-etl +1 +EXECUTOR_CONTAINER_OOM +Resubmit +Succeeded")
        .contains("The job COMPLETED after 1 remediation(s).");
  }
}
