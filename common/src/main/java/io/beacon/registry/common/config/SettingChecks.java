package io.beacon.registry.common.config;

import java.time.Duration;
import java.util.List;

/**
 * Validation of the settings records, with messages that name the property an operator writes:
 * {@code beacon.session.renew-interval must be positive, was PT0S}. A record's compact constructor
 * checks each component by its Java name; the property is {@code prefix} plus that name in
 * kebab-case, as Spring Boot binds it. Each check returns its value, so a compact constructor can
 * normalize in place. Immutable.
 */
public final class SettingChecks {

  private final String prefix;

  private SettingChecks(String prefix) {
    this.prefix = prefix;
  }

  /** Checks for the properties under {@code prefix}, e.g. {@code beacon.session}. */
  public static SettingChecks under(String prefix) {
    return new SettingChecks(prefix);
  }

  /**
   * The property {@code component} binds from: {@code renewInterval} is {@code
   * <prefix>.renew-interval}.
   */
  public String property(String component) {
    StringBuilder name = new StringBuilder(prefix).append('.');
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (Character.isUpperCase(c)) {
        name.append('-').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }

  public <T> T required(String component, T value) {
    if (value == null) {
      throw invalid(component, "must be set");
    }
    return value;
  }

  /** A TCP port, 0 meaning "pick a free one". */
  public int port(String component, int port) {
    if (port < 0 || port > 65535) {
      throw invalid(component, "must be a port (0..65535, 0 for any free one), was " + port);
    }
    return port;
  }

  public Duration positive(String component, Duration duration) {
    if (required(component, duration).isNegative() || duration.isZero()) {
      throw invalid(component, "must be positive, was " + duration);
    }
    return duration;
  }

  public Duration notNegative(String component, Duration duration) {
    if (required(component, duration).isNegative()) {
      throw invalid(component, "must not be negative, was " + duration);
    }
    return duration;
  }

  public int atLeast(String component, int value, int min) {
    if (value < min) {
      throw invalid(component, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  public int powerOfTwo(String component, int value) {
    if (value <= 0 || Integer.bitCount(value) != 1) {
      throw invalid(component, "must be a positive power of two, was " + value);
    }
    return value;
  }

  /** An unmodifiable copy of a list that must not be empty. */
  public <T> List<T> notEmpty(String component, List<T> values) {
    if (required(component, values).isEmpty()) {
      throw invalid(component, "must not be empty");
    }
    return List.copyOf(values);
  }

  /**
   * An unmodifiable copy of a list of {@code host:port} addresses (ports 1..65535); at least one
   * when {@code required}, the empty list for null otherwise.
   */
  public List<String> hostPorts(String component, List<String> addresses, boolean required) {
    if (addresses == null || addresses.isEmpty()) {
      if (required) {
        throw invalid(
            component,
            "must name at least one meta server as host:port (its Bolt port, e.g."
                + " 127.0.0.1:9610), was "
                + (addresses == null ? "not set" : "empty"));
      }
      return List.of();
    }
    for (String address : addresses) {
      if (!isHostPort(address)) {
        throw invalid(component, "entries must be host:port (ports 1..65535), was " + addresses);
      }
    }
    return List.copyOf(addresses);
  }

  /** Whether {@code address} is {@code host:port} with a port in 1..65535. */
  public static boolean isHostPort(String address) {
    if (address == null) {
      return false;
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return false;
    }
    String port = address.substring(colon + 1);
    if (port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int value = Integer.parseInt(port);
    return value >= 1 && value <= 65535 && !address.substring(0, colon).isBlank();
  }

  /** A failed check of {@code component}: {@code "<property> <what>"}. */
  public IllegalArgumentException invalid(String component, String what) {
    return new IllegalArgumentException(property(component) + " " + what);
  }
}
