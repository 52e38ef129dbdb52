package io.beacon.registry.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.beacon.registry.common.lifecycle.Startable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port of a server (discovery, health, admin), on the JDK's built-in HTTP server so that
 * the plain-Java composition roots and the in-process test cluster serve it without Spring.
 *
 * <p>Filters ({@link #filter}) see every request first and may answer instead of the route. Routes
 * are exact {@code METHOD path} matches. Requests run on the executor given at construction; bodies
 * over {@link #MAX_BODY_BYTES} are refused with 413. Unknown paths answer 404, a known path called
 * with another method 405.
 *
 * <p>Bad input never answers 500: a form body that is not URL-encoded (a malformed {@code %}
 * escape) is refused with 400 naming the parameter, before any filter or route runs, and a filter
 * or route that throws {@link IllegalArgumentException} (the edge checks, whose messages name the
 * field: {@code "field: value (expected: ...)"}) answers 400 with that message. Anything else a
 * route throws is a fault of ours: it answers 500 {@code "internal error"}, with no detail for the
 * caller (DESIGN.md §10), and is logged with the path. (A malformed escape in the URL's query is
 * refused by the JDK's server itself, with a 400 of its own, before this class sees the request.)
 * Thread-safe.
 */
public final class AdminHttpServer implements Startable {

  public static final int MAX_BODY_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);

  private final String name;
  private final String bindHost;
  private final int requestedPort;
  private final Executor executor;
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
  private final List<HttpFilter> filters = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile HttpServer server;

  public AdminHttpServer(String name, String bindHost, int port, Executor executor) {
    this.name = name;
    this.bindHost = bindHost;
    this.requestedPort = port;
    this.executor = executor;
  }

  public AdminHttpServer route(String method, String path, HttpRoute route) {
    routes.put(method + " " + path, route);
    return this;
  }

  /** Adds a filter that sees every request before its route, in the order added. */
  public AdminHttpServer filter(HttpFilter filter) {
    filters.add(filter);
    return this;
  }

  @Override
  public void start() {
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress(bindHost, requestedPort), 128);
      created.setExecutor(executor);
      created.createContext("/", this::dispatch);
      created.start();
      server = created;
      log.info("http server started name={} port={}", name, port());
    } catch (IOException e) {
      throw new IllegalStateException(name + ": cannot listen on http port " + requestedPort, e);
    }
  }

  public int port() {
    HttpServer current = server;
    return current == null ? requestedPort : current.getAddress().getPort();
  }

  public boolean isStarted() {
    return server != null;
  }

  @Override
  public void close() {
    HttpServer current = server;
    server = null;
    if (current != null) {
      current.stop(0);
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpResponse response;
      try {
        response = answer(exchange);
      } catch (IllegalArgumentException e) {
        response = HttpResponse.result(400, false, e.getMessage());
      } catch (Exception e) {
        log.warn("http request failed server={} path={}", name, exchange.getRequestURI(), e);
        response = HttpResponse.result(500, false, "internal error");
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private HttpResponse answer(HttpExchange exchange) throws Exception {
    String path = exchange.getRequestURI().getPath();
    HttpRoute route = routes.get(exchange.getRequestMethod() + " " + path);
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return HttpResponse.result(413, false, "body over " + MAX_BODY_BYTES + " bytes");
    }
    Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    String text = new String(body, StandardCharsets.UTF_8);
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      parseQuery(text)
          .forEach((k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    String remoteIp = exchange.getRemoteAddress().getAddress().getHostAddress();
    Map<String, String> headers = new java.util.HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
              }
            });
    HttpRequest request =
        new HttpRequest(
            exchange.getRequestMethod(),
            path,
            query,
            text,
            remoteIp,
            headers,
            exchange.getRequestURI().getRawQuery());
    for (HttpFilter filter : filters) {
      HttpResponse answer = filter.filter(request, route != null);
      if (answer != null) {
        return answer;
      }
    }
    if (route == null) {
      return missing(exchange.getRequestMethod(), path);
    }
    return route.handle(request);
  }

  /** 405 naming the methods {@code path} has, or 404 when it has none. */
  private HttpResponse missing(String method, String path) {
    List<String> allowed = new ArrayList<>();
    for (String known : List.of("GET", "HEAD", "POST", "PUT", "DELETE")) {
      if (routes.containsKey(known + " " + path)) {
        allowed.add(known);
      }
    }
    if (allowed.isEmpty()) {
      return HttpResponse.result(404, false, "no such endpoint: " + path);
    }
    return new HttpResponse(
        405,
        "application/json",
        HttpResponse.result(405, false, "method: " + method + " (expected: " + allowed + ")")
            .body(),
        Map.of("Allow", String.join(", ", allowed)));
  }

  /**
   * The parameters of a query string or form body; a pair that is not URL-encoded is refused with
   * an {@link IllegalArgumentException} naming its key (or the form, when the key itself is bad).
   */
  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawKey = eq < 0 ? pair : pair.substring(0, eq);
      String key = decode("form", rawKey, rawKey);
      String value = eq < 0 ? "" : decode(key, pair.substring(eq + 1), pair);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String name, String encoded, String pair) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + ": "
              + (pair.length() <= 60 ? pair : pair.substring(0, 60) + "...")
              + " (expected: URL-encoded key=value pairs; a % starts a two-digit hex escape)",
          e);
    }
  }
}
