package io.beacon.registry.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.remoting.exception.CodecException;
import com.alipay.remoting.serialization.Serializer;
import com.alipay.remoting.serialization.SerializerManager;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import com.alipay.sofa.registry.core.model.Result;
import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import com.alipay.sofa.registry.core.model.SyncConfigResponse;
import com.caucho.hessian.io.Hessian2Output;
import io.beacon.registry.common.concurrent.Threads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcChannelClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ExecutorService serverExecutor = Threads.bounded("test-server", 2, 100);
  private final ExecutorService callbackPool = Threads.bounded("test-callback", 1, 100);
  private final ExecutorService pushPool = Threads.bounded("test-push", 1, 100);
  private final AtomicInteger callbackTasks = new AtomicInteger();
  private final Executor callbacks =
      task ->
          callbackPool.execute(
              () -> {
                callbackTasks.incrementAndGet();
                task.run();
              });
  private final RpcServer server = new RpcServer("test", "127.0.0.1", 0, serverExecutor);
  private final Queue<RpcConnection> accepted = new ConcurrentLinkedQueue<>();
  private final Queue<RpcConnection> serverClosed = new ConcurrentLinkedQueue<>();
  private final RecordingListener listener = new RecordingListener();
  private final RpcChannelClient client =
      new RpcChannelClient(
          "test-channel",
          List.of(ReceivedData.class, ReceivedConfigData.class, ForgedPush.class),
          callbacks,
          pushPool);

  @BeforeEach
  void startServer() {
    server.register(
        PublisherRegister.class,
        serverExecutor,
        (register, connection) -> {
          RegisterResponse response = new RegisterResponse();
          response.setSuccess(true);
          response.setRegistId(register.getRegistId());
          response.setVersion(register.getVersion());
          return response;
        });
    server.register(
        SyncConfigRequest.class,
        serverExecutor,
        (request, connection) -> {
          SyncConfigResponse response = new SyncConfigResponse();
          response.setSuccess(true);
          response.setAvailableSegments(new ArrayList<>(List.of(request.getDataCenter())));
          response.setRetryInterval(60_000);
          return response;
        });
    server.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onOpen(RpcConnection connection) {
            accepted.add(connection);
          }

          @Override
          public void onClose(RpcConnection connection) {
            serverClosed.add(connection);
          }
        });
    server.start();
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
    serverExecutor.shutdownNow();
    callbackPool.shutdownNow();
    pushPool.shutdownNow();
  }

  @Test
  void requestsOnAChannelAreAnsweredOnTheCallbackExecutor() throws Exception {
    RpcChannel channel = connect();

    Object answer = channel.invoke(publisher("r1", 3), TIMEOUT).get(5, TimeUnit.SECONDS);
    assertThat(answer).isInstanceOf(RegisterResponse.class);
    RegisterResponse response = (RegisterResponse) answer;
    assertThat(response.isSuccess()).isTrue();
    assertThat(response.getRegistId()).isEqualTo("r1");
    assertThat(response.getVersion()).isEqualTo(3L);
    assertThat(callbackTasks.get()).isEqualTo(1);

    SyncConfigRequest sync = new SyncConfigRequest();
    sync.setDataCenter("DefaultDataCenter");
    sync.setZone("DEFAULT_ZONE");
    SyncConfigResponse config =
        (SyncConfigResponse) channel.invoke(sync, TIMEOUT).get(5, TimeUnit.SECONDS);
    assertThat(config.isSuccess()).isTrue();
    assertThat(config.getAvailableSegments()).containsExactly("DefaultDataCenter");
    assertThat(config.getRetryInterval()).isEqualTo(60_000);
    assertThat(channel.address()).isEqualTo(address());
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void theServerPushesOnTheChannelAndGetsTheListenersAnswer() throws Exception {
    RpcChannel channel = connect();
    RpcConnection connection = acceptedConnection();
    listener.answer =
        push -> {
          Result result = new Result();
          result.setSuccess(true);
          result.setMessage(push.getClass().getSimpleName());
          return result;
        };

    Object answer = connection.invoke(receivedData(7), TIMEOUT).get(5, TimeUnit.SECONDS);
    assertThat(answer).isInstanceOf(Result.class);
    assertThat(((Result) answer).isSuccess()).isTrue();
    assertThat(((Result) answer).getMessage()).isEqualTo("ReceivedData");

    ReceivedData received = (ReceivedData) listener.pushes.remove();
    assertThat(received.getSubscriberRegistIds()).containsExactly("s1");
    assertThat(received.getSegment()).isEqualTo("DefaultDataCenter");
    assertThat(received.getVersion()).isEqualTo(7L);
    assertThat(received.getLocalZone()).isEqualTo("DEFAULT_ZONE");
    assertThat(received.getData()).containsOnlyKeys("DEFAULT_ZONE");
    assertThat(received.getData().get("DEFAULT_ZONE"))
        .extracting(DataBox::getData)
        .containsExactly("a", "b");
    assertThat(listener.channels).containsOnly(channel);
    assertThat(listener.pushThreads).allMatch(name -> name.startsWith("test-push"));

    ReceivedConfigData config = new ReceivedConfigData();
    config.setConfiguratorRegistIds(new ArrayList<>(List.of("c1")));
    config.setDataBox(new DataBox("v"));
    config.setVersion(2L);
    Result configAnswer = (Result) connection.invoke(config, TIMEOUT).get(5, TimeUnit.SECONDS);
    assertThat(configAnswer.getMessage()).isEqualTo("ReceivedConfigData");
    ReceivedConfigData receivedConfig = (ReceivedConfigData) listener.pushes.remove();
    assertThat(receivedConfig.getConfiguratorRegistIds()).containsExactly("c1");
    assertThat(receivedConfig.getDataBox().getData()).isEqualTo("v");
    assertThat(receivedConfig.getVersion()).isEqualTo(2L);
  }

  /**
   * A session may push the moment it accepts, before the client has handed the channel out: the
   * push must wait until connect's future has completed (its dependents included), then reach the
   * listener with the channel connect handed out.
   */
  @Test
  void aPushThatBeatsConnectWaitsForItAndReachesTheChannelConnectHandedOut() throws Exception {
    CompletableFuture<Object> earlyAnswer = new CompletableFuture<>();
    AtomicBoolean pushSent = new AtomicBoolean();
    server.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void onOpen(RpcConnection connection) {
            connection
                .invoke(receivedData(1), TIMEOUT)
                .whenComplete(
                    (answer, error) -> {
                      if (error != null) {
                        earlyAnswer.completeExceptionally(error);
                      } else {
                        earlyAnswer.complete(answer);
                      }
                    });
            pushSent.set(true);
          }

          @Override
          public void onClose(RpcConnection connection) {}
        });

    // The connect thread starts only once the test has attached its dependent: on a busy machine
    // a localhost connect could otherwise complete before, and the dependent run on this thread.
    CountDownLatch attached = new CountDownLatch(1);
    try (RpcChannelClient gated = gatedClient(attached)) {
      CompletableFuture<RpcChannel> connecting = gated.connect(address(), TIMEOUT, listener);
      // Attached while connecting, this runs inside the completion on the connect thread, before
      // the channel is released to its pushes: the push arrives meanwhile and must not be
      // delivered yet.
      CompletableFuture<Boolean> heldBack =
          connecting.thenApply(
              channel -> {
                await().until(pushSent::get);
                await().during(Duration.ofMillis(200)).until(() -> listener.pushes.isEmpty());
                return true;
              });
      attached.countDown();

      assertThat(heldBack.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(earlyAnswer.get(5, TimeUnit.SECONDS)).isInstanceOf(Result.class);
      assertThat(listener.channels).containsExactly(connecting.get());
    }
  }

  @Test
  void aCloseByTheServerIsReportedOnceAndLaterCallsFailAsUnreachable() throws Exception {
    RpcChannel channel = connect();
    acceptedConnection().close();

    await().until(() -> listener.closes.get() == 1);
    await().during(Duration.ofMillis(300)).until(() -> listener.closes.get() == 1);
    assertThat(listener.closedChannels).containsExactly(channel);
    assertThat(channel.isOpen()).isFalse();
    assertThatThrownBy(() -> channel.invoke(publisher("r1", 1), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNREACHABLE));
  }

  @Test
  void aLocalCloseIsReportedOnce() throws Exception {
    RpcChannel channel = connect();
    channel.close();
    channel.close();

    await().until(() -> listener.closes.get() == 1);
    await().during(Duration.ofMillis(300)).until(() -> listener.closes.get() == 1);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void closingTheClientReportsEachOpenChannelOnceAndRefusesNewConnects() throws Exception {
    RpcChannel first = connect();
    RpcChannel second = connect();
    assertThat(first).isNotSameAs(second);

    client.close();

    await().until(() -> listener.closes.get() == 2);
    await().during(Duration.ofMillis(300)).until(() -> listener.closes.get() == 2);
    assertThat(listener.closedChannels).containsExactlyInAnyOrder(first, second);
    assertThatThrownBy(() -> connect())
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNREACHABLE));
  }

  @Test
  void aConnectTheCallerAbandonsIsClosedAndNeverReported() throws Exception {
    // The connect thread starts only once the caller has given up, so the abandon always comes
    // first (a localhost connect could otherwise complete before the cancel).
    CountDownLatch abandoned = new CountDownLatch(1);
    try (RpcChannelClient gated = gatedClient(abandoned)) {
      CompletableFuture<RpcChannel> connecting = gated.connect(address(), TIMEOUT, listener);
      assertThat(connecting.cancel(false)).isTrue();
      abandoned.countDown();

      await().until(() -> serverClosed.size() == 1);
      await().during(Duration.ofMillis(200)).until(() -> listener.closes.get() == 0);
    }
  }

  @Test
  void connectingToAClosedPortFailsAsUnreachableWithinTheTimeout() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Duration connectTimeout = Duration.ofSeconds(1);
    long start = System.nanoTime();
    CompletableFuture<RpcChannel> connect =
        client.connect("127.0.0.1:" + closedPort, connectTimeout, listener);

    assertThatThrownBy(() -> connect.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.UNREACHABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(connectTimeout);
    assertThat(listener.closes.get()).isZero();
  }

  @Test
  void aMalformedAddressIsRefusedWithoutConnecting() {
    assertThatThrownBy(
            () -> client.connect("127.0.0.1", TIMEOUT, listener).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address: 127.0.0.1 (expected: host:port)");
  }

  /**
   * This JVM's codec refuses to write a class outside the allowlist, so the test stands in for a
   * hostile session: for one frame Bolt's Hessian2 slot writes a forged body naming {@link
   * NeverLoaded}; reading still goes through {@link HessianCodec}.
   */
  @Test
  void aPushNamingAClassOutsideTheAllowlistIsRefusedAndTheChannelGoesOn() throws Exception {
    RpcChannel channel = connect();
    RpcConnection connection = acceptedConnection();
    CompletableFuture<Object> forged;
    SerializerManager.addSerializer(SerializerManager.Hessian2, new ForgingCodec());
    try {
      forged = connection.invoke(new ForgedPush(typedMap(NeverLoaded.class.getName())), TIMEOUT);
    } finally {
      HessianCodec.install();
    }

    assertThatThrownBy(() -> forged.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              // The client's decoder refused the body: Bolt's status for a failed decode.
              assertThat(e.kind()).isEqualTo(RpcException.Kind.REMOTE);
              assertThat(e).hasMessageContaining("SERVER_DESERIAL_EXCEPTION");
            });
    assertThat(NEVER_LOADED_INITIALIZED).isFalse();
    assertThat(listener.pushes).isEmpty();
    assertThat(channel.isOpen()).isTrue();

    assertThat(channel.invoke(publisher("r2", 1), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isInstanceOf(RegisterResponse.class);
    assertThat(connection.invoke(receivedData(1), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isInstanceOf(Result.class);
    assertThat(listener.pushes).hasSize(1);
  }

  @Test
  void aFailingListenerGivesTheServerAnErrorAndTheChannelGoesOn() throws Exception {
    RpcChannel channel = connect();
    RpcConnection connection = acceptedConnection();
    listener.answer =
        push -> {
          throw new IllegalStateException("listener broke");
        };

    assertThatThrownBy(() -> connection.invoke(receivedData(1), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.REMOTE));

    listener.answer = push -> "ok";
    assertThat(connection.invoke(receivedData(2), TIMEOUT).get(5, TimeUnit.SECONDS))
        .isEqualTo("ok");
    assertThat(channel.isOpen()).isTrue();
  }

  /**
   * A client whose connect thread starts its first connect only once {@code gate} opens (10 s at
   * most), so that the test orders what it does against a localhost connect.
   */
  private RpcChannelClient gatedClient(CountDownLatch gate) {
    ThreadPoolExecutor connects =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10), Threads.factory("gated")) {
          @Override
          protected void beforeExecute(Thread thread, Runnable task) {
            try {
              gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              thread.interrupt();
            }
          }
        };
    return new RpcChannelClient(
        "test-gated", List.of(ReceivedData.class), callbacks, pushPool, connects);
  }

  private RpcChannel connect() throws Exception {
    return client.connect(address(), TIMEOUT, listener).get(5, TimeUnit.SECONDS);
  }

  private String address() {
    return "127.0.0.1:" + server.port();
  }

  /** The server's end of the one channel opened so far. */
  private RpcConnection acceptedConnection() {
    await().until(() -> accepted.size() == 1);
    return accepted.peek();
  }

  /**
   * This module's own tests cannot use beacon-testing's {@code Awaits} (it depends on this module,
   * and Maven rejects the cycle): the one wait preset of common's tests.
   */
  private static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private static PublisherRegister publisher(String registId, long version) {
    PublisherRegister register = new PublisherRegister();
    register.setRegistId(registId);
    register.setDataId("svc");
    register.setVersion(version);
    register.setDataList(new ArrayList<>(List.of(new DataBox("x"))));
    return register;
  }

  private static ReceivedData receivedData(long version) {
    Map<String, List<DataBox>> data = new HashMap<>();
    data.put("DEFAULT_ZONE", new ArrayList<>(List.of(new DataBox("a"), new DataBox("b"))));
    ReceivedData received = new ReceivedData();
    received.setDataId("svc");
    received.setGroup("DEFAULT_GROUP");
    received.setSubscriberRegistIds(new ArrayList<>(List.of("s1")));
    received.setSegment("DefaultDataCenter");
    received.setData(data);
    received.setVersion(version);
    received.setLocalZone("DEFAULT_ZONE");
    return received;
  }

  /** Records what a channel reports; answers pushes with {@link #answer}. */
  private static final class RecordingListener implements RpcChannel.Listener {

    final Queue<Object> pushes = new ConcurrentLinkedQueue<>();
    final Queue<RpcChannel> channels = new ConcurrentLinkedQueue<>();
    final Queue<String> pushThreads = new ConcurrentLinkedQueue<>();
    final Queue<RpcChannel> closedChannels = new ConcurrentLinkedQueue<>();
    final AtomicInteger closes = new AtomicInteger();
    volatile Function<Object, Object> answer = push -> new Result();

    @Override
    public Object onPush(RpcChannel channel, Object push) {
      Object reply = answer.apply(push);
      pushes.add(push);
      channels.add(channel);
      pushThreads.add(Thread.currentThread().getName());
      return reply;
    }

    @Override
    public void onClosed(RpcChannel channel) {
      closedChannels.add(channel);
      closes.incrementAndGet();
    }
  }

  private static byte[] typedMap(String type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeMapBegin(type);
    out.writeString("value");
    out.writeString("x");
    out.writeMapEnd();
    out.close();
    return bytes.toByteArray();
  }

  /** A push type the client accepts, sent with a body prepared in advance. */
  static final class ForgedPush {
    final byte[] body;

    ForgedPush(byte[] body) {
      this.body = body;
    }
  }

  /** Writes a {@link ForgedPush} as its prepared body, anything else as {@link HessianCodec}. */
  private static final class ForgingCodec implements Serializer {

    @Override
    public byte[] serialize(Object obj) throws CodecException {
      return obj instanceof ForgedPush forged
          ? forged.body
          : HessianCodec.instance().serialize(obj);
    }

    @Override
    public <T> T deserialize(byte[] data, String classOfT) throws CodecException {
      return HessianCodec.instance().deserialize(data, classOfT);
    }
  }

  static final AtomicBoolean NEVER_LOADED_INITIALIZED = new AtomicBoolean();

  /** Named by the forged push; sets {@link #NEVER_LOADED_INITIALIZED} if it is ever initialized. */
  static final class NeverLoaded implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      NEVER_LOADED_INITIALIZED.set(true);
    }

    String value;
  }
}
