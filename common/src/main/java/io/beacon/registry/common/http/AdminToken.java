package io.beacon.registry.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin token scheme every server's mutating admin routes share: the caller names the token in
 * header {@value #HEADER}; a missing or wrong one is answered 401 and the route does not run. The
 * token is compared in constant time. Stateless.
 */
public final class AdminToken {

  public static final String HEADER = "x-apiauth-token";

  private AdminToken() {}

  /** {@code route} behind {@code token}; a null or blank token leaves the route open. */
  public static HttpRoute guard(String token, HttpRoute route) {
    if (token == null || token.isBlank()) {
      return route;
    }
    return required(token, route);
  }

  /**
   * {@code route} behind {@code token}; with no token configured the route is off: every call is
   * answered 403 naming {@code setting}, for routes too dangerous to leave open on a port clients
   * reach.
   */
  public static HttpRoute required(String token, String setting, HttpRoute route) {
    if (token == null || token.isBlank()) {
      return request ->
          HttpResponse.result(403, false, setting + " is not set: this admin call is off");
    }
    return required(token, route);
  }

  private static HttpRoute required(String token, HttpRoute route) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return request -> {
      String given = request.header(HEADER);
      if (given == null
          || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        return HttpResponse.result(401, false, HEADER + ": missing or wrong admin token");
      }
      return route.handle(request);
    };
  }
}
