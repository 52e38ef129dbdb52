package io.beacon.registry.client.internal;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Discovery through a session's HTTP endpoint, as the official client does it: {@code GET
 * /api/servers/query?env=&zone=&dataCenter=&appName=&instanceId=} answers {@code
 * ip:port[?k=v];ip:port}. The endpoints are tried in order until one answers 200; the properties
 * after {@code ?} are dropped. Asynchronous ({@link HttpClient#sendAsync}); thread-safe.
 */
public final class HttpSessionDiscovery implements SessionDiscovery {

  private final HttpClient http;
  private final List<String> endpoints;
  private final String query;
  private final Duration timeout;

  public HttpSessionDiscovery(ClientConfig config) {
    this(
        HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build(),
        config.discovery(),
        config,
        config.connectTimeout());
  }

  HttpSessionDiscovery(
      HttpClient http, List<String> endpoints, ClientConfig config, Duration timeout) {
    this.http = http;
    this.endpoints = List.copyOf(endpoints);
    this.timeout = timeout;
    this.query =
        "env="
            + "&zone="
            + encode(config.zone())
            + "&dataCenter="
            + encode(config.dataCenter())
            + "&appName="
            + encode(config.appName())
            + "&instanceId="
            + encode(config.instanceId());
  }

  @Override
  public CompletableFuture<List<String>> sessions() {
    return ask(0, null);
  }

  /**
   * The addresses in a discovery answer: entries separated by {@code ;} (or line breaks), each
   * {@code host:port} with optional {@code ?properties}, which are dropped. Blank and malformed
   * entries are skipped; duplicates are dropped.
   */
  public static List<String> parse(String body) {
    Set<String> addresses = new LinkedHashSet<>();
    if (body == null) {
      return List.of();
    }
    for (String entry : body.split("[;\\r\\n]", -1)) {
      int properties = entry.indexOf('?');
      String address =
          HostPort.normalize(
              properties < 0 ? entry : entry.substring(0, properties),
              ClientConfig.DEFAULT_SESSION_PORT);
      if (address != null) {
        addresses.add(address);
      }
    }
    return new ArrayList<>(addresses);
  }

  private CompletableFuture<List<String>> ask(int index, Throwable previous) {
    if (index >= endpoints.size()) {
      IOException failure = new IOException("no discovery endpoint answered: " + endpoints);
      if (previous != null) {
        failure.initCause(previous);
      }
      return CompletableFuture.failedFuture(failure);
    }
    String endpoint = endpoints.get(index);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + endpoint + "/api/servers/query?" + query))
            .timeout(timeout)
            .GET()
            .build();
    CompletableFuture<HttpResponse<String>> response;
    try {
      response =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    // Any failure, a transport error or an answer other than 200, moves on to the next endpoint.
    return response
        .thenApply(
            answer -> {
              if (answer.statusCode() != 200) {
                throw new CompletionException(
                    new IOException("HTTP " + answer.statusCode() + " from " + endpoint));
              }
              return parse(answer.body());
            })
        .exceptionallyCompose(error -> ask(index + 1, unwrap(error)));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static String encode(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
