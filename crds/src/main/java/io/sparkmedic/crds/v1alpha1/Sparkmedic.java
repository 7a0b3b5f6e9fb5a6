package io.sparkmedic.crds.v1alpha1;

/** Names shared by Sparkmedic's kinds, labels and annotations. */
public final class Sparkmedic {
  public static final String GROUP = "sparkmedic.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "sparkmedic";

  /** On a {@code SparkRemediation}: the name of the application it is about. */
  public static final String APPLICATION_LABEL = GROUP + "/application";

  /** On a {@code SparkRemediation}: the uid of the application it is about. */
  public static final String APPLICATION_UID_LABEL = GROUP + "/application-uid";

  /**
   * On a {@code SparkApplication}: the {@code SparkRemediation} whose changes its spec carries. It
   * is written in the same patch as the changes, so it proves the changes were applied.
   */
  public static final String APPLIED_REMEDIATION_ANNOTATION = GROUP + "/applied-remediation";

  private Sparkmedic() {}
}
