package io.beacon.registry.it.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.it.AdminHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A session's {@code /digest/<pub|sub>/data/query?dataInfoId=} read the same way on the reference
 * and on Beacon: the reference answers {@code {"PUB":[..]}} (or {@code {}}), Beacon an array.
 * Stateless.
 */
final class SessionDigests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionDigests() {}

  /** How many registrations of {@code type} ({@code pub} or {@code sub}) the session holds. */
  static int count(int sessionHttp, String type, String dataId) {
    try {
      JsonNode answer =
          JSON.readTree(
              AdminHttp.ok(
                  AdminHttp.get(
                      sessionHttp,
                      "/digest/" + type + "/data/query?dataInfoId=" + encode(dataInfoId(dataId)))));
      if (answer.isArray()) {
        return answer.size();
      }
      int count = 0;
      for (JsonNode list : answer) {
        count += list.size();
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String dataInfoId(String dataId) {
    return dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
