package io.beacon.registry.common.heartbeat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a session or data server hears from a usable meta leader, as its log and {@code
 * /health/check} report it. Two problems, each logged once when it starts and once when it ends:
 *
 * <ul>
 *   <li>Unreachable: no meta leader has answered a heartbeat for longer than {@code timeout} (since
 *       the start, or since the last answer): every address failed, answered {@code NOT_LEADER}
 *       without a usable leader, or was refused below.
 *   <li>Embedded database in a group: the node lists more than one meta, and a meta answered that
 *       it runs on the default embedded database ({@code beacon.meta.jdbc-url} not set). Such a
 *       meta shares its database with no other, so it elects itself leader whatever the others do
 *       (the mistake of a misspelled {@code jdbc-url}); following it would split the cluster, so
 *       {@link #refuses} tells the heartbeater not to, and the node moves on to the next address.
 *       It is reported until the node has not heard from that meta for {@code timeout}. A node that
 *       lists one meta follows it whatever its database (a single meta on H2 is the standalone
 *       setup).
 * </ul>
 *
 * <p>Only the metas a node talks to are learned: the one it follows, and those it tries when that
 * one fails. A group whose metas all run on their own embedded databases is caught at the first
 * heartbeat; a single misconfigured meta of a group is caught when a node fails over to it, and
 * refused then. Metas that list their group in {@code beacon.meta.peers} refuse to start on an
 * embedded database at all.
 *
 * <p>Thread-safe: fed by heartbeat answers (the RPC callback executor) and by the heartbeater's
 * ticks (its scheduler), guarded by {@code this}; {@link #problem} is read by the HTTP threads.
 */
public final class MetaReachability {

  private static final Logger log = LoggerFactory.getLogger(MetaReachability.class);

  private final List<String> metaAddresses;
  private final String addressesProperty;
  private final Duration timeout;
  private final String timeoutProperty;
  private final InstantSource clock;

  /** Refused metas by address: when each was last refused, in clock millis. */
  private final Map<String, Long> embeddedMetas = new TreeMap<>();

  private long silentSinceMillis = -1;
  private boolean unreachableReported;
  private String lastError = "none yet";

  /**
   * @param addressesProperty the property {@code metaAddresses} came from, for messages ({@code
   *     beacon.data.meta-addresses})
   * @param timeoutProperty the property {@code timeout} came from
   */
  public MetaReachability(
      List<String> metaAddresses,
      String addressesProperty,
      Duration timeout,
      String timeoutProperty,
      InstantSource clock) {
    this.metaAddresses = List.copyOf(metaAddresses);
    this.addressesProperty = addressesProperty;
    this.timeout = timeout;
    this.timeoutProperty = timeoutProperty;
    this.clock = clock;
  }

  /** The heartbeats start now: the silence is measured from here until the first answer. */
  public synchronized void started() {
    if (silentSinceMillis < 0) {
      silentSinceMillis = clock.millis();
    }
  }

  /** The meta leader at {@code meta} answered and is followed. */
  public synchronized void answered(String meta) {
    if (unreachableReported) {
      log.info(
          "meta reachable again after {}: following meta={} {}={}",
          format(clock.millis() - silentSinceMillis),
          meta,
          addressesProperty,
          metaAddresses);
      unreachableReported = false;
    }
    silentSinceMillis = clock.millis();
    lastError = "none";
  }

  /** A heartbeat to {@code meta} failed or found no leader; {@code error} says how. */
  public synchronized void failed(String meta, String error) {
    lastError = meta + ": " + error;
  }

  /**
   * Whether an answer from {@code meta} must not be followed: it runs on an embedded database while
   * this node lists more than one meta. Logs the first refusal of each meta, and when a meta that
   * was refused answers from a shared database.
   */
  public synchronized boolean refuses(String meta, boolean embeddedDatabase) {
    if (metaAddresses.size() <= 1) {
      return false;
    }
    if (!embeddedDatabase) {
      if (embeddedMetas.remove(meta) != null) {
        log.info("meta on a shared database now, following it again meta={}", meta);
      }
      return false;
    }
    if (embeddedMetas.put(meta, clock.millis()) == null) {
      log.error("{}", embeddedMessage(meta));
    }
    lastError = meta + ": refused, runs on its own embedded database";
    return true;
  }

  /**
   * The periodic check, on the heartbeater's scheduler: logs the start of an outage once, and
   * forgets a refused meta not heard from for the timeout (this node follows another meta now, or
   * the refused one stopped), which {@link #problem} then no longer reports.
   */
  public synchronized void tick() {
    long now = clock.millis();
    for (Iterator<Map.Entry<String, Long>> it = embeddedMetas.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Long> refused = it.next();
      if (now - refused.getValue() > timeout.toMillis()) {
        it.remove();
        log.info(
            "meta on an embedded database not heard from for {}, no longer reported meta={}",
            timeoutProperty,
            refused.getKey());
      }
    }
    if (!unreachableReported && silentMillis() > timeout.toMillis()) {
      unreachableReported = true;
      log.error("{}", unreachableMessage());
    }
  }

  /**
   * What is wrong, as {@code /health/check} says it, or null: a refused embedded meta, or no answer
   * for longer than the timeout.
   */
  public synchronized String problem() {
    if (!embeddedMetas.isEmpty()) {
      return embeddedMessage(embeddedMetas.keySet().iterator().next());
    }
    return silentSinceMillis >= 0 && silentMillis() > timeout.toMillis()
        ? unreachableMessage()
        : null;
  }

  /** How long no meta leader has answered, and where this node looks for one, for short reports. */
  public synchronized String summary() {
    return "no answer for "
        + format(Math.max(0, silentMillis()))
        + ", "
        + addressesProperty
        + "="
        + metaAddresses
        + ", last error: "
        + lastError;
  }

  private long silentMillis() {
    return silentSinceMillis < 0 ? 0 : clock.millis() - silentSinceMillis;
  }

  private String unreachableMessage() {
    return "meta unreachable: no meta leader answered for "
        + format(silentMillis())
        + " (more than "
        + timeoutProperty
        + "="
        + format(timeout.toMillis())
        + "); "
        + addressesProperty
        + "="
        + metaAddresses
        + "; last error: "
        + lastError;
  }

  private String embeddedMessage(String meta) {
    return "meta "
        + meta
        + " runs on its own embedded database (its beacon.meta.jdbc-url is not set), but "
        + addressesProperty
        + " names "
        + metaAddresses.size()
        + " meta servers "
        + metaAddresses
        + ": such a meta elects itself leader whatever the others do, so this server does not"
        + " follow it; give every meta of the group the shared database in beacon.meta.jdbc-url";
  }

  private static String format(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
