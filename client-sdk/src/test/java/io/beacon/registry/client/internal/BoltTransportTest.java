package io.beacon.registry.client.internal;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.Result;
import io.beacon.registry.client.internal.Transport.ConnectionEvents;
import io.beacon.registry.client.internal.Transport.TransportConnection;
import io.beacon.registry.common.concurrent.Threads;
import io.beacon.registry.common.rpc.ConnectionListener;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcException;
import io.beacon.registry.common.rpc.RpcServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BoltTransport} against a tiny fake session: a real Bolt server on an ephemeral port. */
class BoltTransportTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ExecutorService sessionExecutor = Threads.bounded("fake-session", 2, 100);
  private final RpcServer session = new RpcServer("fake-session", "127.0.0.1", 0, sessionExecutor);
  private final Queue<RpcConnection> accepted = new ConcurrentLinkedQueue<>();
  private final RecordingEvents events = new RecordingEvents();
  private final BoltTransport transport = new BoltTransport(TIMEOUT);

  @BeforeEach
  void startSession() {
    session.register(
        PublisherRegister.class,
        sessionExecutor,
        (register, connection) -> {
          RegisterResponse response = new RegisterResponse();
          response.setSuccess(true);
          response.setRegistId(register.getRegistId());
          response.setVersion(register.getVersion());
          return response;
        });
    session.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onOpen(RpcConnection connection) {
            accepted.add(connection);
          }

          @Override
          public void onClose(RpcConnection connection) {}
        });
    session.start();
  }

  @AfterEach
  void close() {
    transport.close();
    session.close();
    sessionExecutor.shutdownNow();
  }

  @Test
  void aRegisterIsAnsweredWithItsVersionEchoed() throws Exception {
    TransportConnection connection = connect();
    assertThat(connection.address()).isEqualTo(address());
    assertThat(connection.isOpen()).isTrue();

    Object answer = connection.request(publisher("p1", 5), TIMEOUT).get(5, TimeUnit.SECONDS);

    assertThat(answer).isInstanceOf(RegisterResponse.class);
    RegisterResponse response = (RegisterResponse) answer;
    assertThat(response.isSuccess()).isTrue();
    assertThat(response.getRegistId()).isEqualTo("p1");
    assertThat(response.getVersion()).isEqualTo(5L);
  }

  @Test
  void pushesReachTheEventsOnTheirConnectionAndTheAnswerGoesBack() throws Exception {
    TransportConnection connection = connect();
    RpcConnection sessionSide = sessionSide();

    Object answer = sessionSide.invoke(receivedData(7), TIMEOUT).get(5, TimeUnit.SECONDS);

    assertThat(answer).isInstanceOf(Result.class);
    assertThat(((Result) answer).isSuccess()).isTrue();
    ReceivedData pushed = (ReceivedData) events.pushes.remove();
    assertThat(pushed.getSubscriberRegistIds()).containsExactly("s1");
    assertThat(pushed.getVersion()).isEqualTo(7L);
    assertThat(pushed.getData().get("DEFAULT_ZONE"))
        .extracting(DataBox::getData)
        .containsExactly("a");
    assertThat(events.pushConnections).containsExactly(connection);

    ReceivedConfigData config = new ReceivedConfigData();
    config.setConfiguratorRegistIds(new ArrayList<>(List.of("c1")));
    config.setVersion(3L);
    Object configAnswer = sessionSide.invoke(config, TIMEOUT).get(5, TimeUnit.SECONDS);
    assertThat(((Result) configAnswer).isSuccess()).isTrue();
    ReceivedConfigData pushedConfig = (ReceivedConfigData) events.pushes.remove();
    assertThat(pushedConfig.getConfiguratorRegistIds()).containsExactly("c1");
    assertThat(pushedConfig.getDataBox()).isNull();
  }

  @Test
  void aPushTheEventsFailOnIsAnsweredWithAFailedResult() throws Exception {
    connect();
    events.answer =
        push -> {
          throw new IllegalStateException("cannot apply");
        };

    Object answer = sessionSide().invoke(receivedData(1), TIMEOUT).get(5, TimeUnit.SECONDS);

    assertThat(answer).isInstanceOf(Result.class);
    assertThat(((Result) answer).isSuccess()).isFalse();
    assertThat(((Result) answer).getMessage()).isEqualTo("cannot apply");
  }

  @Test
  void aCloseBySessionIsReportedOnceForThatConnection() throws Exception {
    TransportConnection connection = connect();

    sessionSide().close();

    await().until(() -> events.closed.size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> events.closed.size() == 1);
    assertThat(events.closed).containsExactly(connection);
    assertThat(connection.isOpen()).isFalse();
    assertThatThrownBy(
            () -> connection.request(publisher("p1", 1), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RpcException.class);
  }

  @Test
  void closingTheTransportClosesItsConnectionsAndRefusesNewOnes() throws Exception {
    TransportConnection connection = connect();

    transport.close();

    await().until(() -> events.closed.size() == 1);
    assertThat(events.closed).containsExactly(connection);
    assertThat(connection.isOpen()).isFalse();
    assertThatThrownBy(this::connect).hasCauseInstanceOf(RpcException.class);
  }

  @Test
  void connectingToAClosedPortFailsWithinTheTimeout() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                transport
                    .connect("127.0.0.1:" + closedPort, Duration.ofSeconds(1), events)
                    .get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNREACHABLE));
    assertThat(events.closed).isEmpty();
  }

  private TransportConnection connect() throws Exception {
    return transport.connect(address(), TIMEOUT, events).get(5, TimeUnit.SECONDS);
  }

  private String address() {
    return "127.0.0.1:" + session.port();
  }

  /** The session's end of the one connection opened so far. */
  private RpcConnection sessionSide() {
    await().until(() -> accepted.size() == 1);
    return accepted.peek();
  }

  private static PublisherRegister publisher(String registId, long version) {
    PublisherRegister register = new PublisherRegister();
    register.setRegistId(registId);
    register.setDataId("svc");
    register.setGroup("DEFAULT_GROUP");
    register.setVersion(version);
    register.setDataList(new ArrayList<>(List.of(new DataBox("x"))));
    return register;
  }

  private static ReceivedData receivedData(long version) {
    Map<String, List<DataBox>> data = new HashMap<>();
    data.put("DEFAULT_ZONE", new ArrayList<>(List.of(new DataBox("a"))));
    ReceivedData received = new ReceivedData();
    received.setDataId("svc");
    received.setSubscriberRegistIds(new ArrayList<>(List.of("s1")));
    received.setSegment("DefaultDataCenter");
    received.setData(data);
    received.setVersion(version);
    received.setLocalZone("DEFAULT_ZONE");
    return received;
  }

  /** Records what the transport reports; answers pushes with {@link #answer}. */
  private static final class RecordingEvents implements ConnectionEvents {

    final Queue<Object> pushes = new ConcurrentLinkedQueue<>();
    final Queue<TransportConnection> pushConnections = new ConcurrentLinkedQueue<>();
    final Queue<TransportConnection> closed = new ConcurrentLinkedQueue<>();
    volatile Function<Object, Object> answer =
        push -> {
          Result result = new Result();
          result.setSuccess(true);
          return result;
        };

    @Override
    public Object onPush(TransportConnection connection, Object push) {
      Object reply = answer.apply(push);
      pushes.add(push);
      pushConnections.add(connection);
      return reply;
    }

    @Override
    public void onClosed(TransportConnection connection) {
      closed.add(connection);
    }
  }
}
