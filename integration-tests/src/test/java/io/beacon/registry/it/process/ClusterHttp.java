package io.beacon.registry.it.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.testing.process.ProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the process tests ask of the servers' admin ports on 127.0.0.1: GETs with a 2 s timeout,
 * answered as text or JSON, the counts in them, and PUTs. Stateless.
 */
final class ClusterHttp {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NUMBER = "\"%s\"\\s*:\\s*(\\d+)";

  private ClusterHttp() {}

  /** The body of {@code GET pathAndQuery}, whatever its status. */
  static String get(int port, String pathAndQuery) throws Exception {
    return send(port, pathAndQuery).body();
  }

  /** The JSON body of {@code GET pathAndQuery}; fails unless answered 200. */
  static JsonNode json(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> response = send(port, pathAndQuery);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(pathAndQuery + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** The status {@code PUT path} (no body, 5 s timeout) is answered with. */
  static int put(int port, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** The first number named {@code field} in {@code json}. */
  static int number(String json, String field) {
    Matcher matcher = Pattern.compile(String.format(NUMBER, field)).matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** Data server {@code data}'s slot status: the slots it leads and follows, and their counts. */
  static JsonNode slotStatus(ProcessCluster cluster, int data) throws Exception {
    return json(cluster.dataHttpPort(data), "/openapi/v1/slot/table/status");
  }

  /** The publishers data server {@code data} holds, from its {@code /digest/datum/count}. */
  static int publishersOnData(ProcessCluster cluster, int data) throws Exception {
    return number(get(cluster.dataHttpPort(data), "/digest/datum/count"), "publishers");
  }

  /** The publishers every data server holds, each copy of a slot counted. */
  static int publishersOnData(ProcessCluster cluster) throws Exception {
    int publishers = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      publishers += publishersOnData(cluster, d);
    }
    return publishers;
  }

  /**
   * Copies of each slot (leader plus followers) over the data servers, when every slot has as many
   * followers; -1 when they differ or no slot is led.
   */
  static int copiesPerSlot(ProcessCluster cluster) throws Exception {
    int leaders = 0;
    int followers = 0;
    for (int d = 0; d < cluster.dataServers().size(); d++) {
      JsonNode status = slotStatus(cluster, d);
      leaders += status.get("leaderCount").asInt();
      followers += status.get("followerCount").asInt();
    }
    if (leaders == 0 || followers % leaders != 0) {
      return -1;
    }
    return 1 + followers / leaders;
  }

  /** The publishers session {@code session} holds, from its {@code /digest/data/count}. */
  static int publishersOnSession(ProcessCluster cluster, int session) throws Exception {
    return number(get(cluster.sessionHttpPort(session), "/digest/data/count"), "publishers");
  }

  private static HttpResponse<String> send(int port, String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
