package io.beacon.registry.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.testing.Awaits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of an echo server: pass, cut, heal, blackhole, delay and the limit. */
class FaultProxyTest {

  private static final int READ_TIMEOUT_MILLIS = 5_000;

  private ServerSocket echoServer;
  private ExecutorService echoThreads;
  private FaultProxy proxy;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void startEchoServer() throws IOException {
    echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThreads = Threads.bounded("echo", 16, 16);
    echoThreads.execute(this::acceptEchoConnections);
    proxy = FaultProxy.start("127.0.0.1", echoServer.getLocalPort(), 2);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    proxy.close();
    echoServer.close();
    echoThreads.shutdownNow();
  }

  @Test
  void bytesPassBothWaysAndAreCounted() throws IOException {
    Socket socket = connect();

    assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
    assertThat(roundTrip(socket, "again")).isEqualTo("again");

    // Counted by the proxy's writer threads, which nothing here synchronizes with.
    Awaits.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(proxy.bytesToTarget()).isEqualTo(10);
              assertThat(proxy.bytesToClient()).isEqualTo(10);
            });
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
    assertThat(proxy.activeConnections()).isEqualTo(1);
    assertThat(proxy.address()).isEqualTo("127.0.0.1:" + proxy.port());
  }

  @Test
  void cutResetsLiveConnectionsAndEveryNewOne() throws IOException {
    Socket live = connect();
    assertThat(roundTrip(live, "before")).isEqualTo("before");

    proxy.cut();

    assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.CUT);
    assertClosedByPeer(live);
    assertClosedByPeer(connect());
    assertThat(proxy.refusedConnections()).isEqualTo(1);
    assertThat(proxy.activeConnections()).isZero();
  }

  @Test
  void healAfterACutLetsNewConnectionsThrough() throws IOException {
    proxy.cut();
    assertClosedByPeer(connect());

    proxy.heal();

    assertThat(roundTrip(connect(), "healed")).isEqualTo("healed");
  }

  @Test
  void aBlackholeHoldsTheBytesUntilHealedAndLosesNone() throws IOException {
    Socket socket = connect();
    assertThat(roundTrip(socket, "flowing")).isEqualTo("flowing");

    proxy.blackhole();
    socket.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
    socket.setSoTimeout(300);
    assertThatThrownBy(() -> socket.getInputStream().read())
        .isInstanceOf(SocketTimeoutException.class);
    Socket during = connect();
    during.getOutputStream().write("new".getBytes(StandardCharsets.UTF_8));

    proxy.heal();

    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    assertThat(read(socket, 4)).isEqualTo("held");
    assertThat(read(during, 3)).isEqualTo("new");
  }

  @Test
  void aDelayHoldsEveryChunkInBothDirections() throws IOException {
    Socket socket = connect();
    assertThat(roundTrip(socket, "warm")).isEqualTo("warm");

    proxy.delay(Duration.ofMillis(300));
    long start = System.nanoTime();
    String echoed = roundTrip(socket, "slow");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(echoed).isEqualTo("slow");
    assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
    proxy.heal();
    start = System.nanoTime();
    assertThat(roundTrip(socket, "fast")).isEqualTo("fast");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
  }

  @Test
  void connectionsBeyondTheLimitAreReset() throws IOException {
    assertThat(roundTrip(connect(), "one")).isEqualTo("one");
    assertThat(roundTrip(connect(), "two")).isEqualTo("two");

    assertClosedByPeer(connect());

    assertThat(proxy.refusedConnections()).isEqualTo(1);
    assertThat(proxy.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void closingTheClientClosesTheUpstreamAndFreesTheSlot() throws IOException {
    Socket socket = connect();
    assertThat(roundTrip(socket, "bye")).isEqualTo("bye");

    socket.close();

    Awaits.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.activeConnections() == 0);
  }

  @Test
  void closeIsIdempotent() {
    proxy.close();
    proxy.close();

    assertThat(proxy.activeConnections()).isZero();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", proxy.port());
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    sockets.add(socket);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    return read(socket, bytes.length);
  }

  private static String read(Socket socket, int length) throws IOException {
    byte[] bytes = socket.getInputStream().readNBytes(length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The proxy reset or closed the connection: a read fails or sees end of stream. */
  private static void assertClosedByPeer(Socket socket) {
    int read;
    try {
      read = socket.getInputStream().read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open: read timed out", e);
    } catch (IOException e) {
      return;
    }
    assertThat(read).as("end of stream").isEqualTo(-1);
  }

  private void acceptEchoConnections() {
    while (!echoServer.isClosed()) {
      try {
        Socket socket = echoServer.accept();
        echoThreads.execute(() -> echo(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // The client or the proxy went away.
    }
  }
}
