package io.beacon.registry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link AdminHttpServer} answers when input is bad or a route fails. */
class AdminHttpServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private ExecutorService executor;
  private AdminHttpServer server;

  @BeforeEach
  void start() {
    executor = Executors.newSingleThreadExecutor();
    server = new AdminHttpServer("test", "127.0.0.1", 0, executor);
    server.route(
        "POST",
        "/echo",
        request ->
            io.beacon.registry.common.http.HttpResponse.text(200, "ips=" + request.param("ips")));
    server.route(
        "GET",
        "/refuse",
        request -> {
          throw new IllegalArgumentException("limit: x (expected: an integer)");
        });
    server.route(
        "GET",
        "/fail",
        request -> {
          throw new IllegalStateException("secret table epoch=42 at 10.0.0.9");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    executor.shutdownNow();
  }

  @Test
  void aRouteRefusingItsInputWithIllegalArgumentAnswers400WithTheMessage() throws Exception {
    HttpResponse<String> response = get("/refuse");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"success\":false,\"message\":\"limit: x (expected: an integer)\"}");
  }

  @Test
  void aRouteFailingOtherwiseAnswers500WithoutAnyInternalDetail() throws Exception {
    HttpResponse<String> response = get("/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"success\":false,\"message\":\"internal error\"}");
  }

  @Test
  void aFormBodyWithAMalformedEscapeIsRefusedNamingTheParameter() throws Exception {
    for (String form : new String[] {"ips=1.1.1.1%zz", "ips=1.1.1.1%", "a=1&ips=%4"}) {
      HttpResponse<String> response = postForm("/echo", form);

      assertThat(response.statusCode()).as(form).isEqualTo(400);
      assertThat(response.body()).as(form).contains("\"message\":\"ips: ").contains("URL-encoded");
    }
    HttpResponse<String> badKey = postForm("/echo", "i%zzps=1");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(badKey.body()).contains("\"message\":\"form: i%zzps");
  }

  @Test
  void aMalformedFormIsRefusedWith400EvenOnAnUnknownPath() throws Exception {
    assertThat(postForm("/nowhere", "ips=%zz").statusCode()).isEqualTo(400);
    assertThat(postForm("/nowhere", "ips=1").statusCode()).isEqualTo(404);
  }

  @Test
  void aWellFormedFormReachesTheRoute() throws Exception {
    HttpResponse<String> response = postForm("/echo", "ips=1.1.1.1%3B2.2.2.2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ips=1.1.1.1;2.2.2.2");
  }

  @Test
  void aKnownPathCalledWithAnotherMethodAnswers405NamingTheMethodsItHas() throws Exception {
    HttpResponse<String> response = get("/echo");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(response.body()).contains("method: GET (expected: [POST])");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        java.net.http.HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(String path, String form)
      throws IOException, InterruptedException {
    return http.send(
        java.net.http.HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form))
            .build(),
        BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
