package io.sparkmedic.remediation.eventlog.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskFailuresTest {

  @Test
  void groupsAttemptsByReasonDetailAndFailedKeepingTheFirstExampleAndBoundedLists() {
    TaskFailures.Grouping grouping = new TaskFailures.Grouping();
    for (int partition = 30; partition > 0; partition--) {
      grouping.add(
          "ExceptionFailure",
          "java.lang.OutOfMemoryError",
          "java.lang.OutOfMemoryError: Java heap space (attempt on partition " + partition + ")",
          true,
          partition,
          "exec-" + (partition % 12));
    }
    grouping.add("ExceptionFailure", "java.lang.OutOfMemoryError", "again", true, 30, "exec-6");
    grouping.add("TaskKilled", "another attempt succeeded", "killed", false, 7, null);
    grouping.add("TaskKilled", "another attempt succeeded", "killed", true, 8, "exec-1");

    List<TaskFailures> failures = grouping.failures();

    assertThat(failures).hasSize(3);
    TaskFailures oom = failures.get(0);
    assertThat(oom.count()).isEqualTo(31);
    assertThat(oom.example()).endsWith("partition 30)");
    assertThat(oom.partitions())
        .hasSize(TaskFailures.MAX_LISTED)
        .isSorted()
        .containsExactly(21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
    assertThat(oom.executors()).hasSize(TaskFailures.MAX_LISTED).doesNotHaveDuplicates();
    assertThat(failures.get(1).failed()).isFalse();
    assertThat(failures.get(1).executors()).isEmpty();
    assertThat(failures.get(2).failed()).isTrue();
    assertThat(failures.get(2).partitions()).containsExactly(8);
  }
}
