package io.sparkmedic.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sparkmedic diagnose -o json} on a realistic dump per category: the application, its pods,
 * the nodes they ran on and the Events, as {@code kubectl get -o yaml} writes them (Lists), plus
 * the driver log where the cause is only in the log.
 */
class DiagnoseCategoriesTest {

  private static final Path DUMPS = Path.of("src/test/resources/dumps");

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "executor-oom,                     EXECUTOR_CONTAINER_OOM,   true",
    "executor-heap-oom,                EXECUTOR_HEAP_OOM,        true",
    "categories/driver-container-oom,  DRIVER_CONTAINER_OOM,     true",
    "categories/driver-heap-oom,       DRIVER_HEAP_OOM,          true",
    "categories/spot-interruption,     SPOT_INTERRUPTION,        true",
    "categories/node-loss,             NODE_LOSS,                true",
    "categories/shuffle-fetch-failure, SHUFFLE_FETCH_FAILURE,    true",
    "categories/insufficient-parallelism, INSUFFICIENT_PARALLELISM, true",
    "categories/transient-external,    TRANSIENT_EXTERNAL,       true",
    "categories/submission-failure,    SUBMISSION_FAILURE,       true",
    "categories/user-code-error,       USER_CODE_ERROR,          false",
    "categories/code-error-in-termination-message, USER_CODE_ERROR, false",
    "categories/stuck,                 STUCK,                    true",
    "sigkill-no-oom,                   UNKNOWN,                  true"
  })
  void diagnosesEachCategoryFromItsDumps(String dir, String category, boolean retryable)
      throws Exception {
    Path d = DUMPS.resolve(dir);
    List<String> args =
        new ArrayList<>(
            List.of("diagnose", "--app", d.resolve("app.yaml").toString(), "-o", "json"));
    for (String[] input :
        new String[][] {
          {"pods.yaml", "--pods"},
          {"nodes.yaml", "--nodes"},
          {"events.yaml", "--events"},
          {"driver.log", "--driver-log"}
        }) {
      if (Files.exists(d.resolve(input[0]))) {
        args.add(input[1]);
        args.add(d.resolve(input[0]).toString());
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Main.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.at("/primary/category").asText()).as(json.toPrettyString()).isEqualTo(category);
    assertThat(json.at("/retryable").asBoolean()).isEqualTo(retryable);
    assertThat(json.at("/primary/evidence").size()).isPositive();
  }
}
