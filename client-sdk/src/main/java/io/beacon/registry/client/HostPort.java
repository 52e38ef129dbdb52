package io.beacon.registry.client;

/**
 * The {@code host[:port]} syntax of session addresses, in the client's config and in discovery
 * answers. A bracketed IPv6 literal ({@code [::1]:9600}) is accepted; a bare one is not, because
 * its port would be ambiguous. Stateless.
 */
public final class HostPort {

  private HostPort() {}

  /**
   * {@code value} as {@code host:port}, with {@code defaultPort} when it has none, or null if it is
   * not a valid address.
   */
  public static String normalize(String value, int defaultPort) {
    if (value == null) {
      return null;
    }
    String text = value.trim();
    if (text.isEmpty() || text.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      return null;
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 2) {
        return null;
      }
      host = text.substring(0, close + 1);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return null;
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = text.indexOf(':');
      if (colon != text.lastIndexOf(':')) {
        return null;
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return null;
    }
    int number = port == null ? defaultPort : parsePort(port);
    return number < 0 ? null : host + ":" + number;
  }

  private static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : -1;
  }
}
