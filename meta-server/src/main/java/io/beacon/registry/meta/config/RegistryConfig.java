package io.beacon.registry.meta.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.protocol.ProvideDatum;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.meta.persistence.ClientOffAddress;
import io.beacon.registry.meta.persistence.ConfigSnapshot;
import io.beacon.registry.meta.persistence.RegistryConfigRepository;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The switches and config ("provide data") of the cluster as the meta leader serves them: loaded
 * from the database when this meta becomes leader, changed through the admin endpoints (written to
 * the database first, then reloaded), and handed to every session and data server as {@link
 * RegistrySwitches} with the heartbeat and meta's switch notices; the provide data but the
 * switches' own keys goes with them, for the sessions' configurators.
 *
 * <p>Concurrency: mutations and reloads take {@code this} (admin calls are rare); heartbeat
 * handling reads the current snapshot and switches through volatile fields without locking.
 */
public final class RegistryConfig {

  /** The most characters of provide data (but the switches' keys) one cluster holds. */
  public static final int MAX_WATCHED_CHARS = 512 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryConfigRepository repository;
  private final String clusterId;
  private volatile ConfigSnapshot snapshot = ConfigSnapshot.empty();
  private volatile RegistrySwitches switches = RegistrySwitches.INITIAL;

  public RegistryConfig(RegistryConfigRepository repository, String clusterId) {
    this.repository = repository;
    this.clusterId = clusterId;
  }

  /** Reads everything from the database (on becoming leader, and after every change). */
  public synchronized void reload() {
    ConfigSnapshot loaded = repository.load(clusterId);
    snapshot = loaded;
    switches = toSwitches(loaded);
  }

  public RegistrySwitches switches() {
    return switches;
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  public synchronized void setStopPush(boolean stop) {
    repository.putData(clusterId, ConfigKeys.STOP_PUSH, Boolean.toString(stop));
    reload();
  }

  public synchronized void setGrayOpenIps(Collection<String> ips) {
    repository.putData(clusterId, ConfigKeys.GRAY_OPEN, json(new TreeSet<>(ips)));
    reload();
  }

  /**
   * Stores the reference's blacklist document, {@code {"FORBIDDEN_PUB":{"IP_FULL":[..]},
   * "FORBIDDEN_SUB_BY_PREFIX":{"IP_FULL":[..]}}}; refuses one that does not parse.
   */
  public synchronized void setBlacklist(String document) {
    Blacklist.parse(document);
    repository.putData(clusterId, ConfigKeys.PUBLISHER_BLACKLIST, document);
    reload();
  }

  public synchronized void addDataInfoIdBlacklist(String dataInfoId) {
    Set<String> ids = new TreeSet<>(switches.dataInfoIdBlacklist());
    if (ids.add(dataInfoId)) {
      repository.putData(clusterId, ConfigKeys.DATA_INFO_ID_BLACKLIST, json(ids));
      reload();
    }
  }

  public synchronized void removeDataInfoIdBlacklist(String dataInfoId) {
    Set<String> ids = new TreeSet<>(switches.dataInfoIdBlacklist());
    if (ids.remove(dataInfoId)) {
      repository.putData(clusterId, ConfigKeys.DATA_INFO_ID_BLACKLIST, json(ids));
      reload();
    }
  }

  public synchronized void putData(String key, String value) {
    checkWellKnown(key, value);
    checkWatchedSize(key, value);
    repository.putData(clusterId, key, value);
    reload();
  }

  public synchronized boolean removeData(String key) {
    boolean present = snapshot.data().containsKey(key);
    if (present) {
      repository.removeData(clusterId, key);
      reload();
    }
    return present;
  }

  /** Turns {@code addresses} off (their publishers removed, new ones dropped). */
  public synchronized void clientOff(Collection<ClientOffAddress> addresses) {
    repository.addClientOff(clusterId, addresses);
    reload();
  }

  /** Reduces {@code ips}: no longer off, their connections kept. */
  public synchronized void reduce(Collection<String> ips) {
    repository.reduceClientOff(clusterId, ips);
    reload();
  }

  public synchronized void clientOpen(Collection<String> ips) {
    repository.removeClientOff(clusterId, ips);
    reload();
  }

  static RegistrySwitches toSwitches(ConfigSnapshot snapshot) {
    Map<String, String> data = snapshot.data();
    Blacklist blacklist = Blacklist.parseOrEmpty(data.get(ConfigKeys.PUBLISHER_BLACKLIST));
    return new RegistrySwitches(
        snapshot.version(),
        Boolean.parseBoolean(data.getOrDefault(ConfigKeys.STOP_PUSH, "false").trim()),
        stringSet(data.get(ConfigKeys.GRAY_OPEN)),
        blacklist.publisherIps(),
        stringSet(data.get(ConfigKeys.DATA_INFO_ID_BLACKLIST)),
        snapshot.clientOffIps(),
        blacklist.subscriberIps(),
        snapshot.dataVersion(ConfigKeys.PUBLISHER_BLACKLIST),
        snapshot.reducedIps(),
        watchedData(snapshot));
  }

  /** The provide data configurators may watch: every entry but the switches' own keys. */
  private static Map<String, ProvideDatum> watchedData(ConfigSnapshot snapshot) {
    Map<String, ProvideDatum> watched = new HashMap<>();
    snapshot
        .data()
        .forEach(
            (key, value) -> {
              if (!ConfigKeys.isSwitch(key)) {
                watched.put(key, new ProvideDatum(value, snapshot.dataVersion(key)));
              }
            });
    return watched;
  }

  /**
   * The provide data configurators watch travels with the switches to every node: all of it
   * together stays within {@link #MAX_WATCHED_CHARS}.
   */
  private void checkWatchedSize(String key, String value) {
    if (ConfigKeys.isSwitch(key)) {
      return;
    }
    long total = value.length();
    for (Map.Entry<String, String> entry : snapshot.data().entrySet()) {
      if (!entry.getKey().equals(key) && !ConfigKeys.isSwitch(entry.getKey())) {
        total += entry.getValue().length();
      }
    }
    if (total > MAX_WATCHED_CHARS) {
      throw new IllegalArgumentException(
          "data: "
              + value.length()
              + " chars (expected: all provide data but the switches together <= "
              + MAX_WATCHED_CHARS
              + " chars, "
              + (total - value.length())
              + " are stored)");
    }
  }

  /** A well-known key must hold what its switch can read, or every node would misread it. */
  private static void checkWellKnown(String key, String value) {
    if (key.equals(ConfigKeys.PUBLISHER_BLACKLIST)) {
      Blacklist.parse(value);
    } else if (key.equals(ConfigKeys.GRAY_OPEN) || key.equals(ConfigKeys.DATA_INFO_ID_BLACKLIST)) {
      stringSet(value);
    } else if (key.equals(ConfigKeys.STOP_PUSH)
        && !value.trim().equalsIgnoreCase("true")
        && !value.trim().equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "data: " + value + " (expected: true or false for " + key + ")");
    }
  }

  /** A JSON array of strings, or a list separated by {@code ;} or {@code ,}. */
  static Set<String> stringSet(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    String trimmed = value.trim();
    if (trimmed.startsWith("[")) {
      try {
        return new LinkedHashSet<>(JSON.readValue(trimmed, new TypeReference<List<String>>() {}));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "data: " + abbreviate(value) + " (expected: a JSON array of strings)", e);
      }
    }
    Set<String> values = new LinkedHashSet<>();
    for (String part : trimmed.split("[;,]", -1)) {
      if (!part.isBlank()) {
        values.add(part.trim());
      }
    }
    return values;
  }

  private static String json(Collection<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
