package io.beacon.registry.session.trace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * <p>Bounded: a Caffeine cache of at most {@code capacity} dataInfoIds (beyond that it evicts, by
 * its size policy) whose entries expire {@code maxAge} after they were written, measured on {@code
 * clock}; maintenance runs on the calling thread ({@link #expire} or any write), never on a pool of
 * its own. Thread-safe; a write is claimed by one fetch only (conditional removal).
 */
public final class AcceptedWrites {

  private final Predicate<String> traced;
  private final Cache<String, Write> writes;

  /**
   * Remembers writes for up to {@code capacity} dataInfoIds.
   *
   * @param traced whether writes of a dataInfoId are worth keeping (it has subscribers here)
   */
  public AcceptedWrites(
      int capacity, Duration maxAge, InstantSource clock, Predicate<String> traced) {
    this.traced = traced;
    this.writes =
        Caffeine.newBuilder()
            .maximumSize(capacity)
            .expireAfterWrite(maxAge)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /** This session accepted a put ({@code removal} false) or a removal of {@code registerId}. */
  public void onAccepted(
      String dataInfoId,
      String registerId,
      RegisterVersion version,
      boolean removal,
      long acceptedMillis) {
    if (!traced.test(dataInfoId)) {
      return;
    }
    // Two threads may accept writes of one dataInfoId out of order: keep the later one.
    writes
        .asMap()
        .merge(
            dataInfoId,
            new Write(registerId, version, removal, acceptedMillis),
            (old, write) -> write.acceptedMillis >= old.acceptedMillis ? write : old);
  }

  /**
   * The accepted time of the write {@code datum} reflects, claimed so that no later version gets it
   * too; {@link PushTrace#UNKNOWN} when there is none.
   */
  public long claim(Datum datum) {
    Map<String, Write> map = writes.asMap();
    Write write = map.get(datum.dataInfoId());
    if (write == null || !write.reflectedIn(datum)) {
      return PushTrace.UNKNOWN;
    }
    return map.remove(datum.dataInfoId(), write) ? write.acceptedMillis : PushTrace.UNKNOWN;
  }

  /** Drops expired writes and evicts beyond the capacity now, rather than at the next write. */
  public void expire() {
    writes.cleanUp();
  }

  public long size() {
    writes.cleanUp();
    return writes.estimatedSize();
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
