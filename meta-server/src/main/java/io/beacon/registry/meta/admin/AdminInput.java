package io.beacon.registry.meta.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.meta.persistence.ClientOffAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The edge checks of the meta admin routes: every refusal is an {@link IllegalArgumentException}
 * whose message names the field ({@code "field: value (expected: ...)"}), which the HTTP server
 * answers with 400. What passes is safe to store on every supported database (no control characters
 * in keys and addresses, no U+0000 anywhere, which PostgreSQL cannot store). Stateless.
 */
final class AdminInput {

  /** The longest dataId, group or instanceId accepted. */
  static final int MAX_PART_LENGTH = 160;

  /** An IPv4 or IPv6 literal, or a host name: what a client connection's IP can be. */
  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9:]([A-Za-z0-9.:\\-]*[A-Za-z0-9:])?");

  /** The most client addresses one call may name. */
  static final int MAX_ADDRESSES = 1024;

  private static final int MAX_ADDRESS_LENGTH = 64;
  private static final String ADDRESS_ARRAY =
      " (expected: a JSON array of {\"address\":\"<ip>\",\"pub\":true|false,\"sub\":true|false},"
          + " not both false)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminInput() {}

  /** The request body as a JSON object. */
  static JsonNode body(HttpRequest request) {
    if (request.body() == null || request.body().isBlank()) {
      throw new IllegalArgumentException("body: empty (expected: a JSON object)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "body: " + abbreviate(request.body()) + " (expected: a JSON object)", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "body: " + abbreviate(request.body()) + " (expected: a JSON object)");
    }
    return root;
  }

  /** Field {@code name} of {@code node}: a string, or null when missing or null. */
  static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          name + ": " + abbreviate(value.toString()) + " (expected: a string)");
    }
    return value.asText();
  }

  /** Array field {@code name} of {@code node}: its elements, each a string. */
  static List<String> strings(JsonNode node, String name) {
    JsonNode values = node.path(name);
    if (!values.isArray()) {
      throw new IllegalArgumentException(
          name + ": " + abbreviate(values.toString()) + " (expected: a JSON array of strings)");
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      JsonNode value = values.get(i);
      if (!value.isTextual()) {
        throw new IllegalArgumentException(
            name + "[" + i + "]: " + abbreviate(value.toString()) + " (expected: a string)");
      }
      result.add(noControl(name + "[" + i + "]", value.asText()));
    }
    return result;
  }

  /**
   * The dataInfoId of a provide-data or blacklist call; a missing group or instanceId is the
   * reference's provide-data default ({@code CONFIG}, {@code 9600}).
   */
  static String dataInfoId(String dataId, String group, String instanceId) {
    if (dataId == null || dataId.isBlank()) {
      throw new IllegalArgumentException("dataId: " + dataId + " (expected: non-empty)");
    }
    return new DataInfo(
            part("dataId", dataId),
            instanceId == null || instanceId.isBlank() ? "9600" : part("instanceId", instanceId),
            group == null || group.isBlank() ? "CONFIG" : part("group", group))
        .id();
  }

  /**
   * The client addresses of form parameter {@code ips}: separated by {@code ;} (or {@code ,}), each
   * an IP literal or host name.
   */
  static List<String> addresses(String ips) {
    if (ips == null || ips.isBlank()) {
      throw new IllegalArgumentException("ips: " + ips + " (expected: IPs separated by ;)");
    }
    List<String> values = new ArrayList<>();
    for (String ip : ips.split("[;,]", -1)) {
      if (!ip.isBlank()) { // strip(), not trim(): a control character is refused, not dropped
        values.add(address("ips", ip.strip()));
      }
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("ips: " + ips + " (expected: IPs separated by ;)");
    }
    return checkCount(values);
  }

  /**
   * The addresses of {@code clientOffWithSub}'s form parameter {@code ips}: a JSON array of {@code
   * {address, pub, sub}} ({@code pub} true and {@code sub} false when missing, as the reference's
   * {@code AddressVersion}), not both false; a {@code version} is ignored.
   */
  static List<ClientOffAddress> clientOffAddresses(String ips) {
    JsonNode root;
    try {
      root = ips == null || ips.isBlank() ? null : JSON.readTree(ips);
    } catch (IOException e) {
      throw new IllegalArgumentException("ips: " + abbreviate(ips) + ADDRESS_ARRAY, e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException("ips: " + abbreviate(String.valueOf(ips)) + ADDRESS_ARRAY);
    }
    List<ClientOffAddress> addresses = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String name = "ips[" + i + "]";
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        throw new IllegalArgumentException(
            name + ": " + abbreviate(element.toString()) + ADDRESS_ARRAY);
      }
      String address = address(name + ".address", text(element, "address"));
      boolean pub = flag(element, name, "pub", true);
      boolean sub = flag(element, name, "sub", false);
      if (!pub && !sub) {
        throw new IllegalArgumentException(name + ": pub and sub both false" + ADDRESS_ARRAY);
      }
      addresses.add(new ClientOffAddress(address, pub, sub));
    }
    return checkCount(addresses);
  }

  private static boolean flag(JsonNode element, String name, String field, boolean missing) {
    JsonNode value = element.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return missing;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(
          name + "." + field + ": " + abbreviate(value.toString()) + " (expected: true or false)");
    }
    return value.asBoolean();
  }

  private static <T> List<T> checkCount(List<T> values) {
    if (values.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "ips: " + values.size() + " addresses (expected: at most " + MAX_ADDRESSES + ")");
    }
    return values;
  }

  /** {@code value} if it is an IP literal or host name of at most 64 characters. */
  static String address(String name, String value) {
    if (value == null || value.length() > MAX_ADDRESS_LENGTH || !ADDRESS.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name
              + ": "
              + abbreviate(String.valueOf(value))
              + " (expected: an IP address or host name, <= "
              + MAX_ADDRESS_LENGTH
              + " chars)");
    }
    return value;
  }

  /** {@code value}, refused if it holds U+0000 (no supported database stores it everywhere). */
  static String noNul(String name, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + ": contains U+0000 (expected: no NUL character)");
    }
    return value;
  }

  private static String part(String name, String value) {
    if (value.length() > MAX_PART_LENGTH) {
      throw new IllegalArgumentException(
          name
              + ": "
              + abbreviate(value)
              + " (expected: non-empty, <= "
              + MAX_PART_LENGTH
              + " chars)");
    }
    return noControl(name, value);
  }

  private static String noControl(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            name
                + ": contains U+"
                + String.format("%04X", (int) value.charAt(i))
                + " (expected: no control characters)");
      }
    }
    return value;
  }

  static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
