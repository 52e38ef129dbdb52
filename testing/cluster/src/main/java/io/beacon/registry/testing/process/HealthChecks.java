package io.beacon.registry.testing.process;

import io.beacon.registry.testing.Awaits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until servers answer {@code GET /health/check} with 200, failing fast when one of their
 * processes exits. Holds one HTTP client; thread-safe.
 */
final class HealthChecks {

  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final Duration timeout;

  HealthChecks(Duration timeout) {
    this.timeout = timeout;
  }

  /** Whether {@code server} answers its health check with 200 now. */
  boolean healthy(ServerProcess server) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://" + ProcessCluster.HOST + ":" + server.httpPort() + "/health/check"))
              .timeout(REQUEST_TIMEOUT)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  void awaitHealthy(List<ServerProcess> servers, Path logDir) {
    long start = System.nanoTime();
    try {
      Awaits.await("healthy: " + servers)
          .atMost(timeout)
          .pollInterval(ProcessCluster.POLL_INTERVAL)
          .failFast("a server process exited", () -> servers.stream().anyMatch(s -> !s.isAlive()))
          .until(() -> servers.stream().allMatch(this::healthy));
    } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      String states =
          servers.stream()
              .map(s -> s.status() + (healthy(s) ? " healthy" : " NOT healthy"))
              .collect(Collectors.joining("\n  "));
      throw new IllegalStateException(
          "servers not healthy within " + timeout + " (logs in " + logDir + "):\n  " + states, e);
    }
    System.out.printf(
        "process cluster: %s healthy after %d ms (logs in %s)%n",
        servers.stream().map(ServerProcess::name).toList(),
        Duration.ofNanos(System.nanoTime() - start).toMillis(),
        logDir);
  }
}
