package io.sparkmedic.remediation.eventlog.whatif;

/**
 * The application's predicted wall time with another number of executors.
 *
 * @param executors executors
 * @param slots task slots they give (executors × cores ÷ {@code spark.task.cpus})
 * @param predictedMs predicted wall time
 * @param observed whether this is the count the run had (its prediction is the actual time)
 */
public record WhatIf(int executors, int slots, long predictedMs, boolean observed) {}
