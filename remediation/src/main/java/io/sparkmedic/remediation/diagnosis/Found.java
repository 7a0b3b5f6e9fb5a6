package io.sparkmedic.remediation.diagnosis;

/**
 * A diagnosis a rule found, with its rank for choosing the primary: higher ranks are causes, lower
 * ones their symptoms (see {@link Diagnoser}).
 */
record Found(Diagnosis diagnosis, int rank) {}
