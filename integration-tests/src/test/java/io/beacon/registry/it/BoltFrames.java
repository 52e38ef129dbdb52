package io.beacon.registry.it;

import com.caucho.hessian.io.Hessian2Output;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hand-made Bolt V1 frames, written on a raw socket, the way a hostile or broken peer would send
 * them: any class name in the header, any bytes as the body. {@link RawBoltSubscriber} writes its
 * frames with them too.
 */
final class BoltFrames {

  static final short SUCCESS = 0;

  private BoltFrames() {}

  /** What came back for one frame: a response status, or that the server closed the connection. */
  record Answer(Short status, boolean closed) {
    boolean isRefusal() {
      return closed || (status != null && status != SUCCESS);
    }
  }

  /**
   * Sends one request frame naming {@code className} with {@code body} to {@code port} and reads
   * the answer.
   */
  static Answer send(int port, String className, byte[] body) throws IOException {
    try (Socket socket = new Socket(InProcessCluster.HOST, port)) {
      socket.setSoTimeout(5_000);
      writeRequest(new DataOutputStream(socket.getOutputStream()), 42, className, body);
      return readAnswer(new DataInputStream(socket.getInputStream()));
    }
  }

  /** Writes one RPC request frame (Hessian2, 3 s timeout) naming {@code className}. */
  static void writeRequest(DataOutputStream out, int requestId, String className, byte[] body)
      throws IOException {
    writeHeader(out, 1, 1, requestId); // request, RPC request
    out.writeInt(3_000); // timeout
    writeContent(out, className, body);
  }

  /** Writes one successful RPC response frame (Hessian2) naming {@code className}. */
  static void writeResponse(DataOutputStream out, int requestId, String className, byte[] body)
      throws IOException {
    writeHeader(out, 0, 2, requestId); // response, RPC response
    out.writeShort(SUCCESS);
    writeContent(out, className, body);
  }

  private static void writeHeader(DataOutputStream out, int type, int commandCode, int requestId)
      throws IOException {
    out.writeByte(1); // protocol V1
    out.writeByte(type);
    out.writeShort(commandCode);
    out.writeByte(1); // ver2
    out.writeInt(requestId);
    out.writeByte(1); // Hessian2
  }

  private static void writeContent(DataOutputStream out, String className, byte[] body)
      throws IOException {
    byte[] clazz = className.getBytes(StandardCharsets.UTF_8);
    out.writeShort(clazz.length);
    out.writeShort(0); // header length
    out.writeInt(body.length);
    out.write(clazz);
    out.write(body);
    out.flush();
  }

  /** Sends bytes that are not a Bolt frame at all. */
  static Answer sendGarbage(int port, byte[] garbage) throws IOException {
    try (Socket socket = new Socket(InProcessCluster.HOST, port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(garbage);
      socket.getOutputStream().flush();
      return readAnswer(new DataInputStream(socket.getInputStream()));
    }
  }

  private static Answer readAnswer(DataInputStream in) throws IOException {
    try {
      in.readByte(); // protocol
      in.readByte(); // type
      in.readShort(); // command code
      in.readByte(); // ver2
      in.readInt(); // request id
      in.readByte(); // codec
      short status = in.readShort();
      return new Answer(status, false);
    } catch (EOFException e) {
      return new Answer(null, true);
    } catch (SocketTimeoutException e) {
      return new Answer(null, false);
    } catch (IOException e) {
      // Connection reset by the server is a refusal too.
      return new Answer(null, true);
    }
  }

  /** A Hessian2 typed map naming {@code type}: the classic gadget carrier. */
  static byte[] typedMap(String type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeMapBegin(type);
    out.writeString("host");
    out.writeString("attacker.invalid");
    out.writeMapEnd();
    out.close();
    return bytes.toByteArray();
  }

  /** A Hessian2 object definition naming {@code type} with one field. */
  static byte[] typedObject(String type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeObjectBegin(type);
    out.writeClassFieldLength(1);
    out.writeString("val");
    out.writeObjectBegin(type);
    out.writeString("x");
    out.close();
    return bytes.toByteArray();
  }

  /**
   * A well-formed {@code PublisherRegister} whose {@code attributes} map holds an object of {@code
   * type}: a hostile class hidden inside an allowed one.
   */
  static byte[] publisherRegisterHiding(String type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Hessian2Output out = new Hessian2Output(bytes);
    out.writeObjectBegin("com.alipay.sofa.registry.core.model.PublisherRegister");
    out.writeClassFieldLength(3);
    out.writeString("dataId");
    out.writeString("registId");
    out.writeString("attributes");
    out.writeObjectBegin("com.alipay.sofa.registry.core.model.PublisherRegister");
    out.writeString("evil");
    out.writeString("evil-1");
    out.writeMapBegin("java.util.HashMap");
    out.writeString("payload");
    out.writeMapBegin(type);
    out.writeString("val");
    out.writeString("x");
    out.writeMapEnd();
    out.writeMapEnd();
    out.close();
    return bytes.toByteArray();
  }

  static Map<String, byte[]> malformedBodies() {
    return Map.of(
        "truncated object", new byte[] {'O', 0x7f, 1, 2},
        "unknown tag", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80},
        "endless map", new byte[] {'H', 'a', 'b', 'c'},
        "huge string length", new byte[] {'S', (byte) 0xff, (byte) 0xff, 'a'});
  }
}
