package io.beacon.registry.it;

import io.beacon.registry.testing.cluster.InProcessCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a server's admin port, as an operator's script would make them. */
public final class AdminHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private AdminHttp() {}

  public static HttpResponse<String> get(int port, String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(port, pathAndQuery)).GET());
  }

  public static HttpResponse<String> postJson(int port, String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public static HttpResponse<String> postForm(int port, String path, String form) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Calls and requires a 200 answer. */
  public static String ok(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError(
          response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static URI uri(int port, String pathAndQuery) {
    return URI.create("http://" + InProcessCluster.HOST + ":" + port + pathAndQuery);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
