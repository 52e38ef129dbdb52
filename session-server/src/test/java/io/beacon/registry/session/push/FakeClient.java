package io.beacon.registry.session.push;

import com.alipay.remoting.AsyncContext;
import com.alipay.remoting.BizContext;
import com.alipay.remoting.Connection;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcClient;
import com.alipay.remoting.rpc.protocol.AsyncUserProcessor;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.rpc.HessianCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOFARegistry client stand-in for push tests: real Bolt connections to a session's client port
 * that receive {@link ReceivedData} pushes, record them and answer as scripted (answer, fail, or
 * hold until released), and record and answer {@link ReceivedConfigData} pushes too. Bolt is used
 * directly because a session can only push over a connection that a client opened; this is the one
 * place in the module's tests that does. Thread-safe.
 */
final class FakeClient implements AutoCloseable {

  /** How the next push is answered. */
  enum Answer {
    OK,
    FAIL,
    HOLD
  }

  /** One push received over the connection named by {@code connectId} (the session's view). */
  record Push(String connectId, ReceivedData data) {
    long version() {
      return data.getVersion();
    }
  }

  private final RpcClient bolt = new RpcClient();
  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<AsyncContext> held = new ArrayList<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<ReceivedConfigData> configPushes = new CopyOnWriteArrayList<>();
  private final Queue<Answer> configScript = new ConcurrentLinkedQueue<>();

  FakeClient() {
    HessianCodec.install();
    bolt.registerUserProcessor(new PushProcessor());
    bolt.registerUserProcessor(new ConfigProcessor());
    bolt.startup();
  }

  /** Opens a new connection to {@code port} on 127.0.0.1; returns its connectId. */
  String connect(int port) throws RemotingException {
    Connection connection = bolt.createStandaloneConnection("127.0.0.1", port, 3_000);
    connections.add(connection);
    return connectIdOf(connection);
  }

  void disconnect(String connectId) {
    for (Connection connection : connections) {
      if (connectIdOf(connection).equals(connectId)) {
        bolt.closeStandaloneConnection(connection);
      }
    }
  }

  void script(Answer... answers) {
    script.addAll(Arrays.asList(answers));
  }

  /** Answers every held push. */
  void release() {
    List<AsyncContext> answers;
    synchronized (held) {
      answers = new ArrayList<>(held);
      held.clear();
    }
    answers.forEach(context -> context.sendResponse(null));
  }

  /** How the next config pushes are answered ({@link Answer#OK} or {@link Answer#FAIL}). */
  void scriptConfig(Answer... answers) {
    configScript.addAll(Arrays.asList(answers));
  }

  /** Every {@link ReceivedConfigData} received, in order. */
  List<ReceivedConfigData> configPushes() {
    return List.copyOf(configPushes);
  }

  int heldCount() {
    synchronized (held) {
      return held.size();
    }
  }

  List<Push> pushes() {
    return List.copyOf(pushes);
  }

  List<Push> pushesTo(String connectId) {
    return pushes.stream().filter(p -> p.connectId().equals(connectId)).toList();
  }

  List<Long> versions() {
    return pushes.stream().map(Push::version).toList();
  }

  @Override
  public void close() {
    bolt.shutdown();
  }

  private static String connectIdOf(Connection connection) {
    return ConnectId.of(
        connection.getLocalIP() + ":" + connection.getLocalPort(),
        connection.getRemoteIP() + ":" + connection.getRemotePort());
  }

  private final class ConfigProcessor extends AsyncUserProcessor<ReceivedConfigData> {

    @Override
    public void handleRequest(BizContext context, AsyncContext async, ReceivedConfigData data) {
      configPushes.add(data);
      if (configScript.poll() == Answer.FAIL) {
        async.sendException(new IllegalStateException("scripted config push failure"));
        return;
      }
      async.sendResponse(null);
    }

    @Override
    public String interest() {
      return ReceivedConfigData.class.getName();
    }
  }

  private final class PushProcessor extends AsyncUserProcessor<ReceivedData> {

    @Override
    public void handleRequest(BizContext context, AsyncContext async, ReceivedData data) {
      pushes.add(new Push(connectIdOf(context.getConnection()), data));
      Answer answer = script.poll();
      if (answer == Answer.FAIL) {
        async.sendException(new IllegalStateException("scripted push failure"));
        return;
      }
      if (answer == Answer.HOLD) {
        synchronized (held) {
          held.add(async);
        }
        return;
      }
      async.sendResponse(null);
    }

    @Override
    public String interest() {
      return ReceivedData.class.getName();
    }
  }
}
