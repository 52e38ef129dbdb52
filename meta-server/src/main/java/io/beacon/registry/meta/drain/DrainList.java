package io.beacon.registry.meta.drain;

import io.beacon.registry.meta.persistence.DrainRepository;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data servers an operator is draining, as the meta leader serves them. An entry is a host
 * (every data server on it, as the reference's {@code /opsapi/v1/server/group/quit/{ip}}) or one
 * data server's {@code host:port} (several servers may share a host, e.g. in tests). Loaded from
 * the database when this meta becomes leader, changed through the admin endpoints (database first,
 * then reloaded), so a drain survives meta restarts and failover.
 *
 * <p>Concurrency: changes and reloads take {@code this} (admin calls are rare); the meta loop and
 * HTTP read the entries through a volatile field.
 */
public final class DrainList {

  private static final Logger log = LoggerFactory.getLogger(DrainList.class);
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private final DrainRepository repository;
  private final String clusterId;
  private final InstantSource clock;
  private volatile SortedSet<String> entries = Collections.emptySortedSet();

  public DrainList(DrainRepository repository, String clusterId, InstantSource clock) {
    this.repository = repository;
    this.clusterId = clusterId;
    this.clock = clock;
  }

  /** Reads the list from the database (on becoming leader, and after every change). */
  public synchronized void reload() {
    entries = Collections.unmodifiableSortedSet(new TreeSet<>(repository.load(clusterId)));
  }

  /** The entries, sorted. */
  public SortedSet<String> entries() {
    return entries;
  }

  /** Starts draining {@code target}; returns false if it was listed already. */
  public synchronized boolean add(String target) {
    String checked = checkTarget(target);
    boolean added = repository.add(clusterId, checked, clock.millis());
    reload();
    if (added) {
      log.info("drain started target={}", checked);
    }
    return added;
  }

  /**
   * Stops draining {@code target}; a host also ends the drains of the {@code host:port} entries on
   * it. Returns the entries removed.
   */
  public synchronized List<String> remove(String target) {
    String checked = checkTarget(target);
    List<String> removed = new ArrayList<>();
    for (String entry : entries) {
      if (entry.equals(checked) || (!hasPort(checked) && hostOf(entry).equals(checked))) {
        removed.add(entry);
      }
    }
    if (!removed.isEmpty()) {
      repository.remove(clusterId, removed);
      log.info("drain ended target={} removed={}", checked, removed);
    }
    reload();
    return removed;
  }

  /** The addresses of {@code dataServers} that some entry drains. */
  public Set<String> draining(Collection<String> dataServers) {
    SortedSet<String> current = entries;
    Set<String> matched = new TreeSet<>();
    for (String address : dataServers) {
      if (current.contains(address) || current.contains(hostOf(address))) {
        matched.add(address);
      }
    }
    return matched;
  }

  /** The entry draining {@code address} (its own before its host's), or null. */
  public String entryFor(String address) {
    SortedSet<String> current = entries;
    if (current.contains(address)) {
      return address;
    }
    return current.contains(hostOf(address)) ? hostOf(address) : null;
  }

  /** {@code value} if it is a host or {@code host:port}; else why not, naming field {@code ip}. */
  public static String checkTarget(String value) {
    String expected = " (expected: a data server host, or its host:port)";
    if (value == null || value.isEmpty() || value.length() > DrainRepository.MAX_ADDRESS_LENGTH) {
      throw new IllegalArgumentException("ip: " + value + expected);
    }
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? value : value.substring(0, colon);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("ip: " + value + expected);
    }
    if (colon >= 0) {
      String port = value.substring(colon + 1);
      if (!PORT.matcher(port).matches()
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("ip: " + value + expected);
      }
    }
    return value;
  }

  private static boolean hasPort(String target) {
    return target.indexOf(':') >= 0;
  }

  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }
}
