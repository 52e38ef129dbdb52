package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.SyncConfigRequest;
import com.alipay.sofa.registry.core.model.SyncConfigResponse;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.internal.Transport.TransportConnection;
import java.util.concurrent.Executor;

/**
 * Asks the connected session which push segments to show ({@code SyncConfigRequest}) right after
 * connecting and then every {@code max(30 s, response.retryInterval)}; a failed ask is repeated
 * after a second. Confined to the client's worker thread; answers hop back through {@code worker}.
 * Times are monotonic ({@link MonotonicClock}).
 */
final class SegmentSync {

  static final long MIN_INTERVAL_MILLIS = 30_000;
  static final long RETRY_MILLIS = 1_000;

  private final ClientConfig config;
  private final MonotonicClock clock;
  private final Executor worker;
  private final PushApplier pushes;
  private long nextSyncAt = Long.MAX_VALUE;
  private boolean inFlight;
  private long sentAt;
  private long requestCount;
  private long connectionGeneration;

  SegmentSync(ClientConfig config, MonotonicClock clock, Executor worker, PushApplier pushes) {
    this.config = config;
    this.clock = clock;
    this.worker = worker;
    this.pushes = pushes;
  }

  void onConnected(long now) {
    connectionGeneration++;
    nextSyncAt = now;
  }

  void onDisconnected() {
    connectionGeneration++;
    nextSyncAt = Long.MAX_VALUE;
  }

  void tick(TransportConnection connection, long now) {
    long deadline = config.requestTimeout().plus(config.retryInterval()).toMillis();
    if (inFlight && now >= sentAt + deadline) {
      inFlight = false; // no answer at all: ask again, and ignore that answer if it still comes
      requestCount++;
      nextSyncAt = now;
    }
    if (connection == null || inFlight || now < nextSyncAt) {
      return;
    }
    inFlight = true;
    sentAt = now;
    long sequence = ++requestCount;
    long generation = connectionGeneration;
    SyncConfigRequest request = new SyncConfigRequest();
    request.setDataCenter(config.dataCenter());
    request.setZone(config.zone());
    connection.request(
        request,
        config.requestTimeout(),
        worker,
        "segment sync answer",
        (value, error) -> answered(sequence, generation, value));
  }

  private void answered(long sequence, long generation, Object value) {
    if (sequence != requestCount) {
      return; // given up on by the tick
    }
    inFlight = false;
    if (generation != connectionGeneration) {
      return; // asked on a connection since lost; the new one asks again
    }
    long now = clock.millis();
    if (value instanceof SyncConfigResponse response && response.isSuccess()) {
      pushes.segmentsChanged(response.getAvailableSegments());
      nextSyncAt = now + Math.max(MIN_INTERVAL_MILLIS, response.getRetryInterval());
    } else {
      nextSyncAt = now + RETRY_MILLIS;
    }
  }
}
