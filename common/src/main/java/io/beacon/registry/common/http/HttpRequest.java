package io.beacon.registry.common.http;

import java.util.List;
import java.util.Map;

/**
 * One decoded HTTP request. Immutable.
 *
 * @param method GET, POST...
 * @param path the path, without the query
 * @param query query and form parameters
 * @param body the body as UTF-8 text
 * @param remoteIp the caller's address
 * @param headers request headers, names in lower case, first value only
 * @param rawQuery the query string as sent (null if none), for redirects
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    String body,
    String remoteIp,
    Map<String, String> headers,
    String rawQuery) {

  public HttpRequest {
    query = Map.copyOf(query);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The first value of query parameter {@code name}, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The value of header {@code name} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
