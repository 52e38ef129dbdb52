package io.beacon.registry.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP answer. Immutable once built: the body array is the caller's and is not copied, so it
 * must not be changed after. A class rather than a record because of that array, which a record's
 * equals and hashCode would compare by reference.
 */
public final class HttpResponse {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers;

  public HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
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
      throw new IllegalStateException("not serializable as JSON: " + value.getClass(), e);
    }
  }

  /** The reference's {@code {"success":..,"message":..}} shape. */
  public static HttpResponse result(int status, boolean success, String message) {
    return json(status, new Result(success, message));
  }

  /**
   * The reference's {@code GenericResponse}: {@code {"success":..,"message":..,"data":..}}, every
   * field written, nulls included, in that order.
   */
  public static HttpResponse generic(int status, boolean success, String message, Object data) {
    return json(status, new Generic(success, message, data));
  }

  /** A 307 to {@code location}: the method and body are to be repeated there. */
  public static HttpResponse redirect(String location) {
    return new HttpResponse(
        307,
        "text/plain; charset=utf-8",
        ("see " + location).getBytes(StandardCharsets.UTF_8),
        Map.of("Location", location));
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    return "HttpResponse[status="
        + status
        + ", contentType="
        + contentType
        + ", headers="
        + headers
        + "]";
  }

  /** The body of {@link #result}. */
  public record Result(boolean success, String message) {}

  /** The body of {@link #generic}. */
  public record Generic(boolean success, String message, Object data) {}
}
