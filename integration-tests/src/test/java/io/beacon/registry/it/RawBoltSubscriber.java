package io.beacon.registry.it;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.Result;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.common.rpc.HessianCodec;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SOFARegistry client reduced to a raw socket: it registers subscribers (and publishers) with
 * hand-made Bolt V1 frames and answers the session's {@link ReceivedData} pushes, and it can stop
 * reading its socket (a hung or overloaded client) and resume later. Its receive buffer is small so
 * that a pause fills the session's side quickly. It may connect from another loopback address than
 * 127.0.0.1 (any of 127.0.0.0/8 on Linux), so that switches by client IP can tell it from the
 * official clients of a test.
 *
 * <p>Threads: one reader thread owns the input stream; writes (registrations from the test thread,
 * answers from the reader) are serialized on the output stream's monitor. What was received is kept
 * in concurrent maps.
 */
public final class RawBoltSubscriber implements AutoCloseable {

  private static final String RECEIVED_DATA = ReceivedData.class.getName();

  private final Socket socket;
  private final DataOutputStream out;
  private final Thread reader;
  private final AtomicInteger requestIds = new AtomicInteger(1);
  private final Object gate = new Object();
  private final Map<String, Long> newestVersion = new ConcurrentHashMap<>();
  private final Map<String, List<String>> newestValues = new ConcurrentHashMap<>();
  private final AtomicInteger pushes = new AtomicInteger();
  private volatile boolean paused;
  private volatile boolean closed;

  RawBoltSubscriber(int port) throws IOException {
    this(port, null);
  }

  /** Connects to {@code port} on 127.0.0.1 from {@code localIp} (null: the system's choice). */
  public RawBoltSubscriber(int port, String localIp) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(4 * 1024);
    if (localIp != null) {
      socket.bind(new InetSocketAddress(localIp, 0));
    }
    socket.connect(new InetSocketAddress(InProcessCluster.HOST, port), 3_000);
    out = new DataOutputStream(socket.getOutputStream());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    reader = new Thread(() -> readLoop(in), "raw-bolt-subscriber");
    reader.setDaemon(true);
    reader.start();
  }

  /** Registers a dataCenter-scoped subscriber {@code registId} of {@code dataId}. */
  public void subscribe(String registId, String dataId) throws Exception {
    SubscriberRegister register = new SubscriberRegister();
    register.setDataId(dataId);
    register.setGroup("DEFAULT_GROUP");
    register.setInstanceId("DEFAULT_INSTANCE_ID");
    register.setZone("DEFAULT_ZONE");
    register.setAppName("raw-it");
    register.setRegistId(registId);
    register.setClientId(registId);
    register.setVersion(1L);
    register.setTimestamp(System.currentTimeMillis());
    register.setEventType("REGISTER");
    register.setScope("dataCenter");
    register.setIp(socket.getLocalAddress().getHostAddress());
    register.setPort(socket.getLocalPort());
    writeRequest(SubscriberRegister.class.getName(), HessianCodec.instance().serialize(register));
  }

  /** Registers publisher {@code registId} of {@code dataId} with one value, at {@code version}. */
  public void publish(String registId, String dataId, String value, long version) throws Exception {
    PublisherRegister register = new PublisherRegister();
    register.setDataId(dataId);
    register.setGroup("DEFAULT_GROUP");
    register.setInstanceId("DEFAULT_INSTANCE_ID");
    register.setZone("DEFAULT_ZONE");
    register.setAppName("raw-it");
    register.setRegistId(registId);
    register.setClientId(registId);
    register.setVersion(version);
    register.setTimestamp(System.currentTimeMillis());
    register.setEventType("REGISTER");
    register.setIp(socket.getLocalAddress().getHostAddress());
    register.setPort(socket.getLocalPort());
    register.setDataList(new ArrayList<>(List.of(new DataBox(value))));
    writeRequest(PublisherRegister.class.getName(), HessianCodec.instance().serialize(register));
  }

  /** Stops reading the socket (after the frame being read, if any). */
  void pause() {
    paused = true;
  }

  void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  /** The newest version pushed for {@code registId}, or 0. */
  long newestVersion(String registId) {
    return newestVersion.getOrDefault(registId, 0L);
  }

  /** The values of the newest push for {@code registId}, all zones together. */
  public List<String> newestValues(String registId) {
    return newestValues.getOrDefault(registId, List.of());
  }

  public int pushCount() {
    return pushes.get();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    resume();
    socket.close();
  }

  private void readLoop(DataInputStream in) {
    try {
      while (!closed) {
        awaitResumed();
        readFrame(in);
      }
    } catch (Exception e) {
      // closed by the test or the server, or a frame it cannot read: the reader ends
    }
  }

  private void awaitResumed() throws InterruptedException {
    synchronized (gate) {
      while (paused && !closed) {
        gate.wait();
      }
    }
  }

  private void readFrame(DataInputStream in) throws Exception {
    byte protocol = in.readByte();
    if (protocol != 1) {
      throw new IOException("unexpected protocol " + protocol);
    }
    byte type = in.readByte();
    in.readShort(); // command code
    in.readByte(); // ver2
    int requestId = in.readInt();
    in.readByte(); // codec
    if (type == 0) {
      in.readShort(); // response status
    } else {
      in.readInt(); // timeout
    }
    byte[] clazz = new byte[in.readShort()];
    byte[] header = new byte[in.readShort()];
    byte[] content = new byte[in.readInt()];
    in.readFully(clazz);
    in.readFully(header);
    in.readFully(content);
    String className = new String(clazz, StandardCharsets.UTF_8);
    if (type != 0 && RECEIVED_DATA.equals(className)) {
      onPush(HessianCodec.instance().deserialize(content, className));
      Result result = new Result();
      result.setSuccess(true);
      writeResponse(requestId, Result.class.getName(), HessianCodec.instance().serialize(result));
    }
  }

  private void onPush(ReceivedData data) {
    pushes.incrementAndGet();
    List<String> values =
        data.getData().values().stream().flatMap(List::stream).map(DataBox::getData).toList();
    for (String registId : data.getSubscriberRegistIds()) {
      newestVersion.merge(registId, data.getVersion(), Math::max);
      if (newestVersion.get(registId) == data.getVersion().longValue()) {
        newestValues.put(registId, values);
      }
    }
  }

  private void writeRequest(String className, byte[] body) throws IOException {
    synchronized (out) {
      BoltFrames.writeRequest(out, requestIds.getAndIncrement(), className, body);
    }
  }

  private void writeResponse(int requestId, String className, byte[] body) {
    try {
      synchronized (out) {
        BoltFrames.writeResponse(out, requestId, className, body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
