package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class JsonLogFormatTest {

  @Test
  void theJsonFormatWritesOneObjectPerLineWithTheDecisionsKeyValues() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(getClass().getResource("/logback-json.xml"));
      context.start();
      Logger log = context.getLogger("io.sparkmedic.operator.reconcile.SparkApplicationReconciler");

      log.atInfo()
          .addKeyValue("application", "nightly-etl")
          .addKeyValue("category", "EXECUTOR_CONTAINER_OOM")
          .addKeyValue("decision", "Resubmit")
          .log(
              "{}/{} failed: {} ({}); {} by policy {}",
              "team-a",
              "nightly-etl",
              "EXECUTOR_CONTAINER_OOM",
              "HIGH",
              "Resubmit",
              "team-data");
    } finally {
      context.stop();
      System.setErr(stderr);
    }

    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("formattedMessage").asText())
        .isEqualTo(
            "team-a/nightly-etl failed: EXECUTOR_CONTAINER_OOM (HIGH); Resubmit by policy team-data");
    assertThat(line.get("kvpList").toString())
        .contains("\"application\":\"nightly-etl\"")
        .contains("\"category\":\"EXECUTOR_CONTAINER_OOM\"")
        .contains("\"decision\":\"Resubmit\"");
  }
}
