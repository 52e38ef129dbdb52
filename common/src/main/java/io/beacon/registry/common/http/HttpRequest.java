package io.beacon.registry.common.http;

import java.util.List;
import java.util.Map;

/** One decoded HTTP request. Immutable. */
public record HttpRequest(
    String method, String path, Map<String, List<String>> query, String body, String remoteIp) {

  public HttpRequest {
    query = Map.copyOf(query);
  }

  /** The first value of query parameter {@code name}, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
