package io.beacon.registry.common.config;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every {@code beacon.*} property a process accepts, and the check of a name it was given: a name
 * that none of them binds is unknown, and the message names the nearest known one.
 *
 * <p>The properties are read from the settings records Spring Boot binds (one per role the process
 * runs, by prefix): each component is a property named in kebab-case; a component whose type is a
 * record is a group of nested properties; a map, collection or array takes anything beneath its
 * name ({@code meta-addresses[0]}, {@code data-address-overrides[host:port]}). That is what Spring
 * Boot's constructor binding reads, so the catalog and the binder agree by construction, and the
 * configuration metadata in the jars is generated from the same records.
 *
 * <p>Names are compared as Spring Boot's relaxed binding compares them. In files, flags and system
 * properties each dot-separated element is compared in its uniform form (lower case, letters and
 * digits only: {@code jdbc-url}, {@code jdbcUrl} and {@code jdbc_url} are one name). An environment
 * variable binds in either of the forms Spring Boot derives from a property: dots to underscores
 * and dashes removed ({@code BEACON_META_JDBCURL}), or dashes to underscores too ({@code
 * BEACON_META_JDBC_URL}), in any case.
 *
 * <p>Environment variables are shared with the shell and the launcher ({@code BEACON_HOME}, {@code
 * BEACON_OPTS}), so only those under a role ({@code BEACON_META_}, {@code BEACON_DATA_}, {@code
 * BEACON_SESSION_}) or a near miss of one ({@code BEACON_METAA_}) are checked; every other source
 * is checked for every name under {@code beacon.}. Immutable.
 */
public final class PropertyCatalog {

  /** The roles whose prefixes live under {@code beacon.}; a process runs one or all of them. */
  private static final List<String> ROLES = List.of("meta", "data", "session");

  private static final String ROOT = "beacon";

  /** Known properties by uniform name (each element lower case, letters and digits only). */
  private final Map<String, Property> byUniformName;

  private final List<String> prefixes;

  private PropertyCatalog(Map<String, Property> byUniformName, List<String> prefixes) {
    this.byUniformName = byUniformName;
    this.prefixes = prefixes;
  }

  /**
   * The properties of the settings records by their prefix, e.g. {@code "beacon.meta" ->
   * MetaServerConfig.class}.
   */
  public static PropertyCatalog of(Map<String, Class<?>> recordsByPrefix) {
    Map<String, Property> properties = new TreeMap<>();
    recordsByPrefix.forEach(
        (prefix, type) -> {
          if (!type.isRecord()) {
            throw new IllegalArgumentException(
                "settings type: " + type.getName() + " (expected: a record)");
          }
          collect(type, prefix, properties);
        });
    return new PropertyCatalog(properties, List.copyOf(new TreeMap<>(recordsByPrefix).keySet()));
  }

  private static void collect(Class<?> type, String prefix, Map<String, Property> into) {
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      Class<?> componentType = component.getType();
      if (componentType.isRecord()) {
        collect(componentType, name, into);
      } else {
        boolean open =
            Map.class.isAssignableFrom(componentType)
                || Collection.class.isAssignableFrom(componentType)
                || componentType.isArray();
        into.put(uniform(name), new Property(name, open));
      }
    }
  }

  /** The known properties, sorted by name. */
  public List<Property> properties() {
    return byUniformName.values().stream().sorted(Comparator.comparing(Property::name)).toList();
  }

  /**
   * The problem with property {@code name} as given in a file, a flag or a system property, or null
   * when it is not under {@code beacon.} or a known property binds it.
   *
   * @param source where the name was set, for the message ({@code command-line arguments})
   */
  public String check(String name, String source) {
    String uniform = uniform(name);
    if (!uniform.equals(ROOT) && !uniform.startsWith(ROOT + ".")) {
      return null;
    }
    int bracket = uniform.indexOf('[');
    String path = bracket < 0 ? uniform : uniform.substring(0, bracket);
    Property exact = byUniformName.get(path);
    if (exact != null && (bracket < 0 || exact.open())) {
      return null;
    }
    for (Property property : byUniformName.values()) {
      if (property.open() && path.startsWith(uniform(property.name()) + ".")) {
        return null;
      }
    }
    Property nearest = nearest(path, Property::name);
    return "unknown property "
        + name
        + "; did you mean "
        + nearest.name()
        + "? (set in "
        + source
        + roleNote(path)
        + ")";
  }

  /**
   * The problem with environment variable {@code variable}, or null when it is not under a role
   * (nor a near miss of one) or a known property binds it.
   */
  public String checkEnvironment(String variable) {
    String upper = variable.toUpperCase(Locale.ROOT);
    if (upper.indexOf('.') >= 0 || upper.indexOf('-') >= 0) {
      return check(variable, "the environment");
    }
    String[] elements = upper.split("_", -1);
    if (elements.length < 3
        || !elements[0].equals("BEACON")
        || !nearRole(elements[1].toLowerCase(Locale.ROOT))) {
      return null;
    }
    for (Property property : byUniformName.values()) {
      for (String form : environmentForms(property.name())) {
        if (upper.equals(form) || (property.open() && upper.startsWith(form + "_"))) {
          return null;
        }
      }
    }
    Property nearest = nearest(upper, property -> environmentForms(property.name()).get(0));
    String asProperty = upper.toLowerCase(Locale.ROOT).replace('_', '.');
    return "unknown property "
        + variable
        + "; did you mean "
        + environmentForms(nearest.name()).get(0)
        + " ("
        + nearest.name()
        + ")? (set in the environment"
        + roleNote(asProperty)
        + ")";
  }

  private static boolean nearRole(String element) {
    // One edit from meta or data (two would take in JAVA), two from session.
    return ROLES.stream().anyMatch(role -> distance(role, element) <= (role.length() > 4 ? 2 : 1));
  }

  /**
   * The environment variables Spring Boot binds to {@code property}: dots to underscores and dashes
   * removed, then dashes to underscores too; upper case.
   */
  static List<String> environmentForms(String property) {
    String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
    String current = upper.replace("-", "");
    String legacy = upper.replace('-', '_');
    return current.equals(legacy) ? List.of(current) : List.of(current, legacy);
  }

  private String roleNote(String uniformPath) {
    String[] elements = uniformPath.split("\\.", -1);
    if (elements.length < 2) {
      return "";
    }
    String role = elements[1];
    if (prefixes.contains(ROOT + "." + role)) {
      return "";
    }
    if (ROLES.contains(role)) {
      return "; "
          + ROOT
          + "."
          + role
          + ".* configures the "
          + role
          + " server, which this process does not run (it runs "
          + String.join(", ", prefixes.stream().map(prefix -> prefix + ".*").toList())
          + ")";
    }
    return "; " + ROOT + "." + role + " is no role of Beacon (meta, data, session)";
  }

  private Property nearest(String given, Function<Property, String> form) {
    Property best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Property property : properties()) {
      int distance = distance(uniform(given), uniform(form.apply(property)));
      if (distance < bestDistance) {
        best = property;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** {@code name} with each dot-separated element lower case, letters and digits only. */
  static String uniform(String name) {
    StringBuilder uniform = new StringBuilder(name.length());
    boolean inBracket = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '[') {
        inBracket = true;
      } else if (c == ']') {
        inBracket = false;
      }
      if (inBracket || c == ']' || c == '.' || Character.isLetterOrDigit(c)) {
        uniform.append(inBracket ? c : Character.toLowerCase(c));
      }
    }
    return uniform.toString();
  }

  /** The Levenshtein distance between {@code a} and {@code b}. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String kebab(String camel) {
    StringBuilder name = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        name.append('-').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }

  /**
   * One known property.
   *
   * @param name as documented, kebab-case: {@code beacon.meta.jdbc-url}
   * @param open whether anything beneath it binds too (a map, list or array)
   */
  public record Property(String name, boolean open) {}
}
