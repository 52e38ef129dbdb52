package io.beacon.registry.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads publisher counts and health over the data and session servers' HTTP APIs. Beacon's data
 * server answers {@code GET /digest/datum/count} with {@code {"datums":..,"publishers":..}}; the
 * reference's data server with a text naming the publisher count per data center, read by {@link
 * #REFERENCE_PUBLISHERS}. Thread-safe.
 */
final class HttpCounts {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String DATUM_COUNT = "/digest/datum/count";
  private static final Pattern BEACON_PUBLISHERS = Pattern.compile("\"publishers\"\\s*:\\s*(\\d+)");

  /**
   * The reference's {@code /digest/datum/count}: "CacheDigest [Datum] size of datum in
   * DefaultDataCenter is 3,[Publisher] size of publisher in DefaultDataCenter is 12".
   */
  static final Pattern REFERENCE_PUBLISHERS =
      Pattern.compile("size of publisher in \\S+ is (\\d+)");

  private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private HttpCounts() {}

  /** Sum of Beacon's publisher counts over {@code dataHttp} ({@code host:port}); -1 on failure. */
  static long beaconPublishers(List<String> dataHttp) {
    return sum(dataHttp, DATUM_COUNT, BEACON_PUBLISHERS);
  }

  /**
   * Sum over Beacon's sessions ({@code host:port}) of how many times push stage {@code stage} was
   * timed since each session started (its {@code /digest/push/latency} count); -1 on failure.
   */
  static long beaconPushStageCount(List<String> sessionHttp, String stage) {
    Pattern count = Pattern.compile("\"" + stage + "\"\\s*:\\s*\\{\\s*\"count\"\\s*:\\s*(\\d+)");
    return sum(sessionHttp, "/digest/push/latency", count);
  }

  static long referencePublishers(String dataHttp) {
    return sum(List.of(dataHttp), DATUM_COUNT, REFERENCE_PUBLISHERS);
  }

  static boolean healthy(String hostPort) {
    String body = get(hostPort, "/health/check");
    return body != null && SUCCESS.matcher(body).find();
  }

  static String get(String hostPort, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + hostPort + path)).timeout(TIMEOUT).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Sum over {@code hosts} of every number {@code pattern} captures in the body of {@code path}; -1
   * if a host does not answer or its body holds none.
   */
  private static long sum(List<String> hosts, String path, Pattern pattern) {
    long total = 0;
    for (String host : hosts) {
      String body = get(host, path);
      if (body == null) {
        return -1;
      }
      Matcher matcher = pattern.matcher(body);
      boolean found = false;
      while (matcher.find()) {
        total += Long.parseLong(matcher.group(1));
        found = true;
      }
      if (!found) {
        return -1;
      }
    }
    return total;
  }
}
