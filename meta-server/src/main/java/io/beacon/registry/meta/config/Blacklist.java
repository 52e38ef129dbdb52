package io.beacon.registry.meta.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The reference's client-IP blacklist document, {@code {"FORBIDDEN_PUB":{"IP_FULL":[..]},
 * "FORBIDDEN_SUB_BY_PREFIX":{"IP_FULL":[..]}}}, parsed. Both lists match by exact string equality
 * with the client connection's IP, as the reference's {@code DefaultIPMatchStrategy} does (its
 * {@code BY_PREFIX} is a name only); {@code IP_FULL} is the only match type either honours, other
 * keys are ignored. Immutable.
 *
 * @param publisherIps {@code FORBIDDEN_PUB.IP_FULL}
 * @param subscriberIps {@code FORBIDDEN_SUB_BY_PREFIX.IP_FULL}
 */
public record Blacklist(Set<String> publisherIps, Set<String> subscriberIps) {

  public static final Blacklist EMPTY = new Blacklist(Set.of(), Set.of());
  public static final String PUBLISHERS = "FORBIDDEN_PUB";
  public static final String SUBSCRIBERS = "FORBIDDEN_SUB_BY_PREFIX";
  public static final String IP_FULL = "IP_FULL";

  private static final ObjectMapper JSON = new ObjectMapper();

  public Blacklist {
    publisherIps = Set.copyOf(publisherIps);
    subscriberIps = Set.copyOf(subscriberIps);
  }

  /** Parses {@code document}; refuses, naming the field, what is not a blacklist document. */
  public static Blacklist parse(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "blacklist: " + abbreviate(document) + " (expected: JSON)", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "blacklist: " + abbreviate(document) + " (expected: a JSON object)");
    }
    return new Blacklist(ips(root, PUBLISHERS), ips(root, SUBSCRIBERS));
  }

  /** {@link #parse}, or empty for a missing or unreadable document (stored before validation). */
  static Blacklist parseOrEmpty(String document) {
    try {
      return document == null ? EMPTY : parse(document);
    } catch (IllegalArgumentException e) {
      return EMPTY;
    }
  }

  private static Set<String> ips(JsonNode root, String type) {
    JsonNode section = root.path(type);
    if (section.isMissingNode() || section.isNull()) {
      return Set.of();
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException(
          "blacklist: " + type + " (expected: an object with " + IP_FULL + ")");
    }
    JsonNode full = section.path(IP_FULL);
    if (full.isMissingNode() || full.isNull()) {
      return Set.of();
    }
    if (!full.isArray()) {
      throw new IllegalArgumentException(
          "blacklist: " + type + "." + IP_FULL + " (expected: an array of IPs)");
    }
    Set<String> ips = new LinkedHashSet<>();
    for (int i = 0; i < full.size(); i++) {
      JsonNode ip = full.get(i);
      if (!ip.isTextual()) {
        throw new IllegalArgumentException(
            "blacklist: "
                + type
                + "."
                + IP_FULL
                + "["
                + i
                + "]: "
                + ip
                + " (expected: an IP string)");
      }
      ips.add(ip.asText());
    }
    return ips;
  }

  private static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
