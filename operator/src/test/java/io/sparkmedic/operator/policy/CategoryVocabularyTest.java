package io.sparkmedic.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmedic.crds.v1alpha1.TuningPolicySpec;
import io.sparkmedic.remediation.diagnosis.DiagnosisCategory;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CategoryVocabularyTest {

  @Test
  void theCrdAcceptsExactlyTheDiagnosisCategories() {
    Pattern pattern = Pattern.compile(TuningPolicySpec.CATEGORY_PATTERN);

    assertThat(Arrays.stream(DiagnosisCategory.values()).map(Enum::name))
        .allMatch(c -> pattern.matcher(c).matches());
    assertThat(pattern.matcher("EXECUTOR_GREMLINS").matches()).isFalse();
    assertThat(TuningPolicySpec.CATEGORY_PATTERN.split("\\|"))
        .hasSize(DiagnosisCategory.values().length);
  }
}
