package io.sparkmedic.operator.eventlog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 bucket in a {@link FakeHttpServer}, path-style: HeadObject, GetObject and ListObjectsV2,
 * which is all an event-log source calls.
 */
final class FakeS3 implements AutoCloseable {

  final String bucket;
  private final Map<String, byte[]> objects = new TreeMap<>();
  final FakeHttpServer server = new FakeHttpServer();

  FakeS3(String bucket) {
    this.bucket = bucket;
    server.on("/" + bucket, e -> list(e.getRequestURI().getRawQuery()));
  }

  FakeS3 put(String key, byte[] bytes) {
    objects.put(key, bytes);
    server.on("/" + bucket + "/" + key, e -> FakeHttpServer.Response.bytes(objects.get(key)));
    return this;
  }

  /** The SDK client the sources would build, pointed at this bucket with test credentials. */
  S3Client client() {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .region(Region.US_EAST_1)
        .endpointOverride(server.uri())
        .forcePathStyle(true)
        .build();
  }

  private FakeHttpServer.Response list(String query) {
    String prefix = "";
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("prefix=")) {
        prefix = URLDecoder.decode(part.substring("prefix=".length()), StandardCharsets.UTF_8);
      }
    }
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>"
                + bucket
                + "</Name><Prefix>"
                + prefix
                + "</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
    int count = 0;
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      if (o.getKey().startsWith(prefix)) {
        count++;
        xml.append("<Contents><Key>")
            .append(o.getKey())
            .append("</Key><LastModified>2026-11-21T07:25:00.000Z</LastModified>")
            .append("<ETag>\"0\"</ETag><Size>")
            .append(o.getValue().length)
            .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      }
    }
    xml.append("<KeyCount>").append(count).append("</KeyCount></ListBucketResult>");
    return new FakeHttpServer.Response(
        200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
