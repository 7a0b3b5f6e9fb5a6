package io.sparkmedic.remediation.eventlog.model;

/**
 * What was read to build the model, and how cleanly.
 *
 * @param location where the log came from
 * @param files files read (more than one for a rolling log)
 * @param storedBytes bytes as stored (compressed), read
 * @param decodedBytes bytes of JSON lines, decompressed
 * @param events events used
 * @param ignoredEvents events of types the analysis does not use (or does not know)
 * @param malformedLines lines that were not JSON events (skipped)
 * @param firstMalformedLine the number of the first of those, or 0
 * @param truncatedLastLine whether the last line was cut off (a log copied while being written)
 * @param truncation why the log ended early (a compressed stream cut off), or null
 * @param inProgress whether the log's name says the application was still running
 */
public record InputStats(
    String location,
    int files,
    long storedBytes,
    long decodedBytes,
    long events,
    long ignoredEvents,
    long malformedLines,
    long firstMalformedLine,
    boolean truncatedLastLine,
    String truncation,
    boolean inProgress) {}
