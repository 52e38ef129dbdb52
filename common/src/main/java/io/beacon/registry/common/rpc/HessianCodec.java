package io.beacon.registry.common.rpc;

import com.alipay.hessian.ClassNameResolver;
import com.alipay.remoting.exception.CodecException;
import com.alipay.remoting.serialization.Serializer;
import com.alipay.remoting.serialization.SerializerManager;
import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.Hessian2Output;
import com.caucho.hessian.io.SerializerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hessian2 codec of every Bolt frame in this JVM, installed in place of Bolt's default one.
 *
 * <p>Two differences from Bolt's {@code HessianSerializer}: every class name in a stream is checked
 * against {@link HessianAllowlist} before it is loaded, and records are written and read through
 * {@link RecordSerializerFactory}. Bolt keeps one serializer table per JVM, so installing this
 * codec also protects clients that share the JVM (tests run the official client beside the servers;
 * it only ever exchanges registry-core model classes, which the allowlist admits).
 *
 * <p>A Throwable that Bolt wants to send as an error response is written as its message string: the
 * caller still sees the error status Bolt puts in the frame, and no exception class ever travels.
 * Thread-safe.
 */
public final class HessianCodec implements Serializer {

  private static final HessianCodec INSTANCE = new HessianCodec();

  private final SerializerFactory factory;
  private final Map<String, Class<?>> headerTypes = new ConcurrentHashMap<>();

  private HessianCodec() {
    ClassNameResolver resolver = new ClassNameResolver();
    resolver.addFilter(new HessianAllowlist());
    factory = new SerializerFactory();
    factory.setClassNameResolver(resolver);
    factory.setSendCollectionType(false);
    factory.addFactory(new RecordSerializerFactory());
  }

  /** Makes this codec Bolt's Hessian2 serializer; idempotent. */
  public static void install() {
    if (SerializerManager.getSerializer(SerializerManager.Hessian2) != INSTANCE) {
      SerializerManager.addSerializer(SerializerManager.Hessian2, INSTANCE);
    }
  }

  /** The codec itself, for tests and tools that encode bodies without Bolt. */
  public static HessianCodec instance() {
    return INSTANCE;
  }

  /** The class a frame header names, if it is one a stream may carry; null otherwise. */
  private Class<?> expectedType(String className) {
    if (className == null || !HessianAllowlist.isAllowed(className)) {
      return null;
    }
    return headerTypes.computeIfAbsent(
        className,
        name -> {
          try {
            return Class.forName(name, false, HessianCodec.class.getClassLoader());
          } catch (ClassNotFoundException e) {
            return Object.class;
          }
        });
  }

  @Override
  public byte[] serialize(Object obj) throws CodecException {
    Object body = obj instanceof Throwable t ? String.valueOf(t.getMessage()) : obj;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    Hessian2Output output = new Hessian2Output(bytes);
    output.setSerializerFactory(factory);
    try {
      output.writeObject(body);
      output.close();
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot serialize " + body.getClass().getName() + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  // Bolt's Serializer fixes this signature. Returning Object instead (Error Prone's fix) is a
  // legal override, but javac then warns on the class, which no method-level suppression reaches.
  @Override
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  public <T> T deserialize(byte[] data, String classOfT) throws CodecException {
    if (data == null || data.length == 0) {
      return null;
    }
    Hessian2Input input = new Hessian2Input(new ByteArrayInputStream(data));
    input.setSerializerFactory(factory);
    try {
      Object value = input.readObject();
      input.close();
      Class<?> expected = expectedType(classOfT);
      if (value != null && expected != null && !expected.isInstance(value)) {
        throw new CodecException(
            "refused body: frame names " + classOfT + " but carries " + value.getClass().getName());
      }
      return (T) value;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new CodecException("refused " + classOfT + " body: " + e.getMessage(), e);
    }
  }
}
