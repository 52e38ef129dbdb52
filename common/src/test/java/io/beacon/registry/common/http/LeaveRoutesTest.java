package io.beacon.registry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may start a leave over HTTP: only a caller with the admin token, and nobody without one. */
class LeaveRoutesTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicInteger begun = new AtomicInteger();
  private AdminHttpServer server;

  @AfterEach
  void stop() {
    server.close();
    executor.shutdownNow();
  }

  @Test
  void theLeaveStartsOnlyWithTheRightTokenAndTheStatusIsOpen() throws Exception {
    start("s3cret");

    assertThat(put(null).statusCode()).isEqualTo(401);
    java.net.http.HttpResponse<String> wrong = put("guess");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("x-apiauth-token: missing or wrong admin token");
    assertThat(begun).hasValue(0);

    java.net.http.HttpResponse<String> accepted = put("s3cret");
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.body()).contains("\"stage\":\"LEAVING\"");
    assertThat(begun).hasValue(1);
    assertThat(get().statusCode()).isEqualTo(200);
    assertThat(get().body()).contains("\"stage\":\"LEAVING\"");
  }

  @Test
  void withoutATokenConfiguredTheLeaveIsOff() throws Exception {
    start(null);

    java.net.http.HttpResponse<String> refused = put("anything");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("beacon.data.admin-token is not set");
    assertThat(begun).hasValue(0);
    assertThat(get().body()).contains("\"stage\":\"STAYING\"");
  }

  private void start(String token) {
    server = new AdminHttpServer("test", "127.0.0.1", 0, executor);
    LeaveRoutes.install(
        server,
        token,
        "beacon.data.admin-token",
        begun::incrementAndGet,
        () -> Map.of("stage", begun.get() == 0 ? "STAYING" : "LEAVING"));
    server.start();
  }

  private java.net.http.HttpResponse<String> put(String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri()).PUT(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header(AdminToken.HEADER, token);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private java.net.http.HttpResponse<String> get() throws Exception {
    return http.send(HttpRequest.newBuilder(uri()).GET().build(), BodyHandlers.ofString());
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + LeaveRoutes.PATH);
  }
}
