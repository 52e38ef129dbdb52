package io.beacon.registry.common.rpc;

import com.alipay.hessian.ClassNameFilter;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The only classes a Hessian stream may name, checked by sofa-hessian before it loads or
 * instantiates anything: the registry-core client model, Beacon's own protocol, model, slot and
 * digest records, and plain JDK values and collections. Any other name (gadget classes such as
 * {@code java.net.URL} or {@code javax.management.BadAttributeValueExpException}, Spring,
 * Groovy...) fails the whole stream with an {@link IOException}; the class is never loaded.
 * Immutable and thread-safe.
 */
final class HessianAllowlist implements ClassNameFilter {

  private static final List<String> ALLOWED_PREFIXES =
      List.of(
          "com.alipay.sofa.registry.core.model.",
          "io.beacon.registry.common.protocol.",
          "io.beacon.registry.common.model.",
          "io.beacon.registry.common.slot.",
          "io.beacon.registry.common.digest.");

  private static final Set<String> ALLOWED_NAMES =
      Set.of(
          // Hessian's own names for typed arrays ("[int", "[string"...)
          "boolean",
          "byte",
          "short",
          "int",
          "long",
          "float",
          "double",
          "char",
          "string",
          "object",
          "date",
          // JDK values
          "java.lang.Object",
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Character",
          "java.lang.Number",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.Date",
          // JDK collections
          "java.util.Collection",
          "java.util.List",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.Set",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.Map",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.concurrent.ConcurrentHashMap");

  @Override
  public int order() {
    return 0;
  }

  @Override
  public String resolve(String className) throws IOException {
    if (!isAllowed(className)) {
      throw new IOException("class not allowed in a Beacon stream: " + className);
    }
    return className;
  }

  static boolean isAllowed(String className) {
    if (className == null) {
      return false;
    }
    String name = className;
    while (name.startsWith("[")) {
      name = name.substring(1);
    }
    if (ALLOWED_NAMES.contains(name)) {
      return true;
    }
    for (String prefix : ALLOWED_PREFIXES) {
      // Only top-level or nested classes of the package itself, never a sub-package.
      if (name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0) {
        return true;
      }
    }
    // Immutable JDK collections reach the serializer from records; they are written untyped, and a
    // peer naming one only gets an instantiation error.
    return name.startsWith("java.util.ImmutableCollections$")
        || name.startsWith("java.util.Collections$Unmodifiable")
        || name.startsWith("java.util.Collections$Empty")
        || name.startsWith("java.util.Collections$Singleton")
        || name.equals("java.util.Arrays$ArrayList");
  }
}
