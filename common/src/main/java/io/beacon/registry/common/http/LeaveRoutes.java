package io.beacon.registry.common.http;

import java.util.function.Supplier;

/**
 * The graceful leave over HTTP, on a session's or data server's admin port: {@code PUT} {@value
 * #PATH} starts the same leave as SIGTERM (the process exits once it is done) and answers at once
 * with the leave's status; {@code GET} {@value #PATH} answers the status.
 *
 * <p>Trust: these ports also serve clients (a session's discovery), so the {@code PUT} needs the
 * server's admin token in {@value AdminToken#HEADER}, and is off (403) when no token is configured:
 * then only a signal to the process starts a leave. The {@code GET} is open and says nothing but
 * the leave's progress. Neither allocates anything per call beyond its answer. Stateless; runs on
 * the HTTP executor; {@code begin} must not block (a second call changes nothing).
 */
public final class LeaveRoutes {

  public static final String PATH = "/opsapi/v1/leave";

  private LeaveRoutes() {}

  /**
   * Installs both routes on {@code http}.
   *
   * @param token the admin token, or null (then the {@code PUT} is off)
   * @param tokenSetting the property that sets the token, named in the 403
   * @param begin starts the leave; idempotent, never blocks
   * @param status the leave's progress, serialized as JSON
   */
  public static void install(
      AdminHttpServer http,
      String token,
      String tokenSetting,
      Runnable begin,
      Supplier<Object> status) {
    http.route(
        "PUT",
        PATH,
        AdminToken.required(
            token,
            tokenSetting,
            request -> {
              begin.run();
              return HttpResponse.json(202, status.get());
            }));
    http.route("GET", PATH, request -> HttpResponse.json(200, status.get()));
  }
}
