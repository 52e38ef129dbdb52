package io.beacon.registry.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer. Immutable. */
public record HttpResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public HttpResponse {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public HttpResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  public static HttpResponse text(int status, String text) {
    return new HttpResponse(
        status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code value} as JSON (records, maps, lists and scalars). */
  public static HttpResponse json(int status, Object value) {
    try {
      return new HttpResponse(status, "application/json", JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + value.getClass(), e);
    }
  }

  /** The reference's {@code {"success":..,"message":..}} shape. */
  public static HttpResponse result(int status, boolean success, String message) {
    return json(status, new Result(success, message));
  }

  /** A 307 to {@code location}: the method and body are to be repeated there. */
  public static HttpResponse redirect(String location) {
    return new HttpResponse(
        307,
        "text/plain; charset=utf-8",
        ("see " + location).getBytes(StandardCharsets.UTF_8),
        Map.of("Location", location));
  }

  /** The body of {@link #result}. */
  public record Result(boolean success, String message) {}
}
