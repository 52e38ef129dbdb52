package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.beacon.registry.client.ClientConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP discovery against small loopback HTTP servers, and the parsing of its answers. */
class HttpSessionDiscoveryTest {

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(server -> server.stop(0));
  }

  @Test
  void anAnswerIsSplitOnSemicolonsAndLosesItsProperties() {
    assertThat(HttpSessionDiscovery.parse("a:1?weight=2;b:2")).containsExactly("a:1", "b:2");
    assertThat(HttpSessionDiscovery.parse(" a:1 ; ;a:1;bad:port;c\nd:4?x=y&z=1"))
        .containsExactly("a:1", "c:9600", "d:4");
    assertThat(HttpSessionDiscovery.parse("")).isEmpty();
    assertThat(HttpSessionDiscovery.parse(null)).isEmpty();
  }

  @Test
  void theEndpointIsAskedWithTheClientsZoneDataCenterAppAndInstance() throws Exception {
    String endpoint = serve(200, "127.0.0.1:9600?weight=2;127.0.0.2:9601");
    HttpSessionDiscovery discovery =
        new HttpSessionDiscovery(
            ClientConfig.builder()
                .discovery(endpoint)
                .zone("RZ 1")
                .appName("demo")
                .connectTimeout(Duration.ofSeconds(5))
                .build());

    List<String> sessions = discovery.sessions().get(10, TimeUnit.SECONDS);

    assertThat(sessions).containsExactly("127.0.0.1:9600", "127.0.0.2:9601");
    assertThat(queries)
        .containsExactly(
            "env=&zone=RZ+1&dataCenter=DefaultDataCenter&appName=demo"
                + "&instanceId=DEFAULT_INSTANCE_ID");
  }

  @Test
  void anEmptyBodyMeansNoSessions() throws Exception {
    String endpoint = serve(200, "");
    HttpSessionDiscovery discovery = discovery(endpoint);

    assertThat(discovery.sessions().get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void anHttpErrorMovesOnToTheNextEndpoint() throws Exception {
    String failing = serve(500, "boom");
    String working = serve(200, "127.0.0.3:9600");
    HttpSessionDiscovery discovery = discovery(failing, working);

    assertThat(discovery.sessions().get(10, TimeUnit.SECONDS)).containsExactly("127.0.0.3:9600");
    assertThat(queries).hasSize(2);
  }

  @Test
  void whenNoEndpointAnswersTheFutureFailsAndTheNextAskTriesAgain() throws Exception {
    String failing = serve(503, "not ready");
    HttpSessionDiscovery discovery = discovery(failing);

    assertThatThrownBy(() -> discovery.sessions().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no discovery endpoint answered")
        .cause()
        .hasMessageContaining("HTTP 503");
    assertThatThrownBy(() -> discovery.sessions().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    assertThat(queries).hasSize(2);
  }

  private HttpSessionDiscovery discovery(String... endpoints) {
    return new HttpSessionDiscovery(
        ClientConfig.builder().discovery(endpoints).connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** A loopback server answering {@code status} and {@code body} to the discovery path. */
  private String serve(int status, String body) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/servers/query",
        exchange -> {
          queries.add(exchange.getRequestURI().getRawQuery());
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }
}
