package io.sparkmedic.operator.eventlog;

import io.sparkmedic.remediation.eventlog.EventLogAnalysis;
import io.sparkmedic.remediation.eventlog.EventLogAnalyzer;
import io.sparkmedic.remediation.eventlog.EventLogException;
import io.sparkmedic.remediation.eventlog.ProgressListener;
import io.sparkmedic.remediation.eventlog.input.EventLogCodec;
import io.sparkmedic.remediation.eventlog.input.EventLogFile;
import io.sparkmedic.remediation.eventlog.input.EventLogFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An event log on S3 ({@code s3://} or {@code s3a://}, as {@code spark.eventLog.dir} names it): a
 * single object, or a rolling log's {@code eventlog_v2_<appId>/} prefix. Objects are streamed one
 * at a time, never downloaded whole. Credentials come from the AWS SDK's standard chain
 * (environment, system properties, web identity / IRSA, profiles, container and instance roles).
 */
public final class S3EventLogSource implements EventLogSource {

  private final S3Client s3;
  private final S3Location location;

  public S3EventLogSource(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.location = location;
  }

  /** An S3 client with the standard credential and region chains (region us-east-1 if none). */
  public static S3Client client(EventLogSourceSettings settings) {
    var builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(DefaultCredentialsProvider.create())
            .region(region(settings))
            .forcePathStyle(settings.s3PathStyle());
    if (settings.s3Endpoint() != null) {
      builder.endpointOverride(settings.s3Endpoint());
    }
    return builder.build();
  }

  private static Region region(EventLogSourceSettings settings) {
    if (settings.s3Region() != null) {
      return Region.of(settings.s3Region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      return Region.US_EAST_1;
    }
  }

  /** The log of {@code appId} under an event-log directory prefix, the latest attempt first. */
  public static Optional<S3EventLogSource> find(S3Client s3, S3Location dir, String appId)
      throws EventLogException {
    TreeSet<String> names = new TreeSet<>();
    for (String name : list(s3, dir, dir.prefix() + appId)) {
      names.add(name);
    }
    for (String name : list(s3, dir, dir.prefix() + EventLogFiles.ROLLING_DIR_PREFIX + appId)) {
      names.add(name);
    }
    return names.descendingSet().stream()
        .map(n -> n.contains("/") ? n.substring(0, n.indexOf('/')) : n)
        .filter(n -> EventLogNames.belongsTo(n, appId))
        .findFirst()
        .map(n -> new S3EventLogSource(s3, dir.child(n)));
  }

  /** Keys under {@code prefix}, relative to {@code dir}. */
  private static List<String> list(S3Client s3, S3Location dir, String prefix)
      throws EventLogException {
    List<String> out = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(dir.bucket()).prefix(prefix).build())
              .contents()) {
        out.add(o.key().substring(dir.prefix().length()));
      }
    } catch (SdkException e) {
      throw failure(dir, e);
    }
    return out;
  }

  @Override
  public String location() {
    return location.toString();
  }

  @Override
  public EventLogAnalysis analyze(EventLogAnalyzer analyzer, ProgressListener progress)
      throws EventLogException {
    return analyzer.analyze(files(), progress);
  }

  /** The object itself, or the rolling log under it as a prefix. */
  EventLogFiles files() throws EventLogException {
    if (!location.key().isEmpty() && !location.key().endsWith("/")) {
      Optional<HeadObjectResponse> head = head(location.key());
      if (head.isPresent()) {
        String name = location.name();
        return new EventLogFiles(
            location.toString(),
            List.of(new EventLogFile(name, size(head.get()), () -> open(location.key()))),
            EventLogCodec.isInProgress(name));
      }
    }
    Map<String, Long> sizes = new LinkedHashMap<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(location.bucket())
                      .prefix(location.prefix())
                      .build())
              .contents()) {
        String name = o.key().substring(location.prefix().length());
        if (!name.contains("/")) {
          sizes.put(name, o.size());
        }
      }
    } catch (SdkException e) {
      throw failure(location, e);
    }
    if (sizes.isEmpty()) {
      throw new EventLogException(location + ": no such object or prefix");
    }
    List<String> names = List.copyOf(sizes.keySet());
    List<String> ordered = EventLogFiles.rollingOrder(names);
    if (ordered.isEmpty()) {
      throw new EventLogException(
          location
              + ": a prefix without events_N_<appId> objects (expected a rolling event log,"
              + " eventlog_v2_<appId>/)");
    }
    List<EventLogFile> files = new ArrayList<>();
    for (String name : ordered) {
      String key = location.prefix() + name;
      files.add(new EventLogFile(name, sizes.get(name), () -> open(key)));
    }
    return new EventLogFiles(location.toString(), files, EventLogFiles.rollingInProgress(names));
  }

  private static long size(HeadObjectResponse head) {
    return head.contentLength() == null ? -1 : head.contentLength();
  }

  private Optional<HeadObjectResponse> head(String key) throws EventLogException {
    try {
      return Optional.of(
          s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(key).build()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure(location, e);
    } catch (SdkException e) {
      throw failure(location, e);
    }
  }

  private java.io.InputStream open(String key) throws java.io.IOException {
    try {
      return s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(key).build());
    } catch (SdkException e) {
      throw new java.io.IOException(describe(e), e);
    }
  }

  private static EventLogException failure(S3Location where, SdkException e) {
    return new EventLogException(where + ": " + describe(e), e);
  }

  private static String describe(SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      return (code == null ? "S3 error" : code) + " (HTTP " + s3.statusCode() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
