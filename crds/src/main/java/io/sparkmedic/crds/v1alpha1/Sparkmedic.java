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

  /**
   * On a {@code SparkRemediation} and on applications Sparkmedic created: the uid of the original
   * application, so every retry of one job shares one history and one budget.
   */
  public static final String LINEAGE_LABEL = GROUP + "/lineage";

  /** On a {@code SparkRemediation}: the policy that decided it. */
  public static final String POLICY_LABEL = GROUP + "/policy";

  /** On an application Sparkmedic created (NewApplication): the application it retries. */
  public static final String RETRY_OF_ANNOTATION = GROUP + "/retry-of";

  /**
   * The Spark conf that marks a run Sparkmedic resubmitted in place. The Kubeflow Spark operator
   * restarts an application only when its spec changes; this key (a real Spark setting: it
   * annotates the driver pod) carries the record's name, so even a retry without other changes is a
   * spec change, and the driver pod says which remediation started it.
   */
  public static final String RUN_MARKER_CONF =
      "spark.kubernetes.driver.annotation." + GROUP + "/remediation";

  private Sparkmedic() {}
}
