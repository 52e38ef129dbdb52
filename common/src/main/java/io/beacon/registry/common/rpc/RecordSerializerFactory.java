package io.beacon.registry.common.rpc;

import com.caucho.hessian.io.AbstractDeserializer;
import com.caucho.hessian.io.AbstractHessianInput;
import com.caucho.hessian.io.AbstractHessianOutput;
import com.caucho.hessian.io.AbstractSerializerFactory;
import com.caucho.hessian.io.Deserializer;
import com.caucho.hessian.io.Serializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hessian serialization for Java records, which sofa-hessian cannot write into (their fields are
 * final). A record is written as a Hessian2 object whose fields are its components, and read back
 * through its canonical constructor, so a record's own validation also runs on every decoded
 * message.
 *
 * <p>Collections inside a record are written as plain lists and maps (never as the JDK's immutable
 * implementation classes, which a reader could not instantiate) and converted back to the
 * component's declared collection type on read. Thread-safe; descriptors are cached per class.
 */
final class RecordSerializerFactory extends AbstractSerializerFactory {

  private final Map<Class<?>, RecordCodec> codecs = new ConcurrentHashMap<>();

  // Hessian's factory methods take a raw Class: an override cannot declare Class<?>.
  @Override
  @SuppressWarnings("rawtypes")
  public Serializer getSerializer(Class cl) {
    return cl.isRecord() ? codec(cl) : null;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Deserializer getDeserializer(Class cl) {
    return cl.isRecord() ? codec(cl) : null;
  }

  private RecordCodec codec(Class<?> type) {
    return codecs.computeIfAbsent(type, RecordCodec::new);
  }

  /** Writes and reads one record class. Immutable after construction. */
  private static final class RecordCodec extends AbstractDeserializer implements Serializer {

    private final Class<?> type;
    private final RecordComponent[] components;
    private final String[] names;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Constructor<?> constructor;

    RecordCodec(Class<?> type) {
      this.type = type;
      this.components = type.getRecordComponents();
      this.names = new String[components.length];
      Class<?>[] parameterTypes = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        parameterTypes[i] = components[i].getType();
        indexByName.put(names[i], i);
      }
      try {
        this.constructor = type.getDeclaredConstructor(parameterTypes);
        this.constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record without canonical constructor: " + type, e);
      }
    }

    // ---- writing

    @Override
    public void writeObject(Object obj, AbstractHessianOutput out) throws IOException {
      if (out.addRef(obj)) {
        return;
      }
      int ref = out.writeObjectBegin(type.getName());
      if (ref < -1) {
        // Hessian 1 style: a typed map of component name to value.
        for (int i = 0; i < components.length; i++) {
          out.writeString(names[i]);
          out.writeObject(plain(read(obj, i)));
        }
        out.writeMapEnd();
        return;
      }
      if (ref == -1) {
        out.writeClassFieldLength(names.length);
        for (String name : names) {
          out.writeString(name);
        }
        out.writeObjectBegin(type.getName());
      }
      for (int i = 0; i < components.length; i++) {
        out.writeObject(plain(read(obj, i)));
      }
    }

    private Object read(Object record, int index) throws IOException {
      try {
        return components[index].getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IOException("cannot read " + type.getName() + "." + names[index], e);
      }
    }

    /** Collections go on the wire as ArrayList / HashMap, which every reader can rebuild. */
    private static Object plain(Object value) {
      if (value instanceof Collection<?> collection && !(value instanceof ArrayList<?>)) {
        return new ArrayList<>(collection);
      }
      if (value instanceof Map<?, ?> map && !(value instanceof HashMap<?, ?>)) {
        return new HashMap<>(map);
      }
      return value;
    }

    // ---- reading

    @Override
    public Class<?> getType() {
      return type;
    }

    @Override
    public Object readObject(AbstractHessianInput in, String[] fieldNames) throws IOException {
      int ref = in.addRef(null);
      Object[] args = defaults();
      for (String fieldName : fieldNames) {
        Integer index = indexByName.get(fieldName);
        if (index == null) {
          in.readObject(); // a field this version does not know: skip it
        } else {
          args[index] = in.readObject(components[index].getType());
        }
      }
      Object record = construct(args);
      in.setRef(ref, record);
      return record;
    }

    @Override
    public Object readMap(AbstractHessianInput in) throws IOException {
      int ref = in.addRef(null);
      Object[] args = defaults();
      while (!in.isEnd()) {
        Object key = in.readObject();
        Integer index = key instanceof String name ? indexByName.get(name) : null;
        if (index == null) {
          in.readObject();
        } else {
          args[index] = in.readObject(components[index].getType());
        }
      }
      in.readMapEnd();
      Object record = construct(args);
      in.setRef(ref, record);
      return record;
    }

    private Object[] defaults() {
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] = defaultValue(components[i].getType());
      }
      return args;
    }

    private Object construct(Object[] args) throws IOException {
      for (int i = 0; i < args.length; i++) {
        args[i] = coerce(components[i].getType(), args[i]);
      }
      try {
        return constructor.newInstance(args);
      } catch (InvocationTargetException e) {
        throw new IOException("invalid " + type.getSimpleName() + ": " + e.getCause(), e);
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new IOException("cannot build " + type.getSimpleName() + ": " + e, e);
      }
    }

    private static Object coerce(Class<?> target, Object value) {
      if (value == null) {
        return defaultValue(target);
      }
      if (target == Set.class && value instanceof Collection<?> c && !(value instanceof Set<?>)) {
        return new LinkedHashSet<>(c);
      }
      if (target == List.class && value instanceof Collection<?> c && !(value instanceof List<?>)) {
        return new ArrayList<>(c);
      }
      if (target.isPrimitive() && value instanceof Number number) {
        if (target == long.class) {
          return number.longValue();
        }
        if (target == int.class) {
          return number.intValue();
        }
        if (target == short.class) {
          return number.shortValue();
        }
        if (target == byte.class) {
          return number.byteValue();
        }
        if (target == double.class) {
          return number.doubleValue();
        }
        if (target == float.class) {
          return number.floatValue();
        }
      }
      return value;
    }

    private static Object defaultValue(Class<?> type) {
      if (!type.isPrimitive()) {
        return null;
      }
      if (type == boolean.class) {
        return false;
      }
      if (type == char.class) {
        return '\0';
      }
      if (type == long.class) {
        return 0L;
      }
      if (type == double.class) {
        return 0d;
      }
      if (type == float.class) {
        return 0f;
      }
      if (type == short.class) {
        return (short) 0;
      }
      if (type == byte.class) {
        return (byte) 0;
      }
      return 0;
    }
  }
}
