package io.beacon.registry.session.trace;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When this session accepted the newest publish (put or removal) of each dataInfoId, so that a
 * datum fetched later can say when the publish it reflects was accepted.
 *
 * <p>Design: the data leader does not say which datum version a write produced, so the link is made
 * by content: a fetched datum reflects a put when it holds the publisher at exactly the put's
 * registration version, and a removal when it no longer holds the publisher. The first datum that
 * reflects the write claims it (later versions were produced by something else); a datum fetched
 * before the write was applied leaves it for a later one. Only the newest write per dataInfoId is
 * kept, and only for dataInfoIds this session has subscribers for (nobody else would claim it).
 * Should a later change by another session land before the fetch, its version is attributed to this
 * write too: the accepted time is then earlier than the true one, never later.
 *
 * <p>Bounded: at most {@code capacity} dataInfoIds (further ones are not traced until room frees)
 * and each write is dropped {@code maxAge} after it was accepted ({@link #expire}). Thread-safe: a
 * concurrent map; a write is claimed by one fetch only (conditional removal).
 */
public final class AcceptedWrites {

  private final int capacity;
  private final long maxAgeMillis;
  private final Predicate<String> traced;
  private final Map<String, Write> writes = new ConcurrentHashMap<>();

  /**
   * @param traced whether writes of a dataInfoId are worth keeping (it has subscribers here)
   */
  public AcceptedWrites(int capacity, Duration maxAge, Predicate<String> traced) {
    this.capacity = capacity;
    this.maxAgeMillis = maxAge.toMillis();
    this.traced = traced;
  }

  /** This session accepted a put ({@code removal} false) or a removal of {@code registerId}. */
  public void onAccepted(
      String dataInfoId,
      String registerId,
      RegisterVersion version,
      boolean removal,
      long acceptedMillis) {
    if (!traced.test(dataInfoId)
        || (writes.size() >= capacity && !writes.containsKey(dataInfoId))) {
      return;
    }
    // Two client RPC threads may accept writes of one dataInfoId out of order: keep the later one.
    writes.merge(
        dataInfoId,
        new Write(registerId, version, removal, acceptedMillis),
        (old, write) -> write.acceptedMillis >= old.acceptedMillis ? write : old);
  }

  /**
   * The accepted time of the write {@code datum} reflects, claimed so that no later version gets it
   * too; {@link PushTrace#UNKNOWN} when there is none.
   */
  public long claim(Datum datum) {
    Write write = writes.get(datum.dataInfoId());
    if (write == null || !write.reflectedIn(datum)) {
      return PushTrace.UNKNOWN;
    }
    return writes.remove(datum.dataInfoId(), write) ? write.acceptedMillis : PushTrace.UNKNOWN;
  }

  /** Drops writes accepted more than {@code maxAge} before {@code nowMillis}. */
  public void expire(long nowMillis) {
    writes.values().removeIf(write -> nowMillis - write.acceptedMillis > maxAgeMillis);
  }

  public int size() {
    return writes.size();
  }

  /** One accepted write. Immutable. */
  private record Write(
      String registerId, RegisterVersion version, boolean removal, long acceptedMillis) {

    boolean reflectedIn(Datum datum) {
      for (Publisher publisher : datum.publishers()) {
        if (registerId.equals(publisher.registerId())) {
          return !removal && version.equals(publisher.version());
        }
      }
      return removal;
    }
  }
}
