package io.sparkmedic.operator.eventlog;

import java.net.URI;
import java.util.Locale;

/** An {@code s3://} or {@code s3a://} location: a bucket and a key (or key prefix). */
public record S3Location(String scheme, String bucket, String key) {

  public static boolean isS3(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("s3://") || l.startsWith("s3a://");
  }

  /** Parses {@code s3a://bucket/path/to/log}; the key has no leading slash. */
  public static S3Location parse(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException(location + ": no bucket (expected s3://bucket/key)");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new S3Location(
        uri.getScheme().toLowerCase(Locale.ROOT),
        bucket,
        path.startsWith("/") ? path.substring(1) : path);
  }

  public S3Location child(String name) {
    return new S3Location(
        scheme, bucket, key.isEmpty() || key.endsWith("/") ? key + name : key + "/" + name);
  }

  /** The key as a "directory" prefix, with a trailing slash. */
  public String prefix() {
    return key.isEmpty() || key.endsWith("/") ? key : key + "/";
  }

  public String name() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + "/" + key;
  }
}
