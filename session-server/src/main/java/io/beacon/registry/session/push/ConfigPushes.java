package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedConfigData;
import com.alipay.sofa.registry.core.model.Result;
import io.beacon.registry.common.concurrent.Coalescer;
import io.beacon.registry.common.concurrent.Pending;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.model.ConnectId;
import io.beacon.registry.common.protocol.ProvideDatum;
import io.beacon.registry.common.protocol.RegistrySwitches;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.session.connection.ClientConnections;
import io.beacon.registry.session.registration.Configurator;
import io.beacon.registry.session.registration.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Pushes every configurator (the client's config watcher, {@code ConfiguratorRegistration}) the
 * provide data of its dataInfoId, and then every change of it: when it registers, when the switches
 * meta sends carry a new value or a removal ({@link #onSwitches}), and again from the periodic
 * {@link #scan} for pushes that failed or were held back. The reference's 6.3.0 cannot: without
 * {@code watchConfigEnable} it pushes one empty value, with it no value at all (its meta fetch is
 * unimplemented).
 *
 * <p>What is pushed: a {@code ReceivedConfigData} with the configurator's dataId, group and
 * instanceId, its registId, the value ({@code dataBox}, null when the key is absent) and a version
 * the client keeps only when it grows: the entry's config version + 1 when present, the switches'
 * version + 1 when absent. Both grow in the one config order of the cluster (a key written at
 * version v is absent at every earlier version and removed at a later one), so each push of a new
 * value or removal carries a higher version than the one before, and the first push of a key never
 * written is version 1, the empty push of the reference.
 *
 * <p>Design: one {@link Coalescer} lane per configurator (keyed by registId): at most one push in
 * flight, the newest wanted value waiting behind it, retries with backoff for as long as the
 * configurator and its connection live (then the push completes as done, and the scan drops the
 * lane). Its pending keeps what the client acknowledged last and what is in flight, so an offer
 * that would show the client what it holds or is about to get (an unrelated switch change, a scan)
 * sends nothing. Pushes are held back while stop-push is on for the client's IP (gray-open lets
 * them through); {@link #onSwitches} offers them again when it is lifted. A lane is dropped when
 * its configurator is gone. State: each lane is guarded by its pending's monitor; answers arrive on
 * the connection's callback executor, retries on {@code scheduler}.
 */
public final class ConfigPushes {

  private final SessionRegistry registry;
  private final ClientConnections connections;
  private final Supplier<RegistrySwitches> switches;
  private final Duration pushTimeout;
  private final Coalescer<String, Target, Target, Wanted> lanes;

  public ConfigPushes(
      SessionRegistry registry,
      ClientConnections connections,
      Supplier<RegistrySwitches> switches,
      Duration pushTimeout,
      Backoff backoff,
      ScheduledExecutorService scheduler) {
    this.registry = registry;
    this.connections = connections;
    this.switches = switches;
    this.pushTimeout = pushTimeout;
    this.lanes =
        new Coalescer<>(
            registId -> new Wanted(),
            new Pushes(),
            attempt -> backoff.delay(attempt - 1),
            0, // while the connection lives: a lane forgets nothing it took, see Wanted
            RetryTimer.on(scheduler));
  }

  /**
   * What one push shows the client.
   *
   * @param version what the client compares: it keeps the value only if this grew
   * @param value the provide data, or null when the key is absent
   */
  record Target(long version, String value) {}

  /** What {@code configurator} is to be shown under {@code current}. */
  static Target target(Configurator configurator, RegistrySwitches current) {
    ProvideDatum datum = current.provideData().get(configurator.dataInfo().id());
    return datum == null
        ? new Target(current.version() + 1, null)
        : new Target(datum.version() + 1, datum.value());
  }

  /** A configurator was registered (or restored): it gets the value of its key now. */
  public void onRegister(Configurator configurator) {
    offer(configurator, switches.get());
  }

  /** The switches changed (on the serial switches executor): push what changed for anyone. */
  public void onSwitches(RegistrySwitches current) {
    for (Configurator configurator : List.copyOf(registry.configurators())) {
      offer(configurator, current);
    }
  }

  /**
   * Periodic: offers every configurator its value again (one held back by stop-push is sent now)
   * and drops the lanes of configurators that are gone.
   */
  public void scan() {
    for (String registId : lanes.keys()) {
      if (registry.configurator(registId) == null) {
        lanes.remove(registId);
      }
    }
    onSwitches(switches.get());
  }

  /** {@code registId} unregistered: nothing more for it. */
  public void forget(String registId) {
    lanes.remove(registId);
  }

  /** Configurators with a lane. */
  public int laneCount() {
    return lanes.size();
  }

  private void offer(Configurator configurator, RegistrySwitches current) {
    if (current.allowsPushTo(ConnectId.clientIp(configurator.connectId()))) {
      lanes.offer(configurator.registerId(), target(configurator, current));
    }
  }

  private ReceivedConfigData data(Configurator configurator, Target target) {
    ReceivedConfigData data = new ReceivedConfigData();
    data.setDataId(configurator.dataInfo().dataId());
    data.setGroup(configurator.dataInfo().group());
    data.setInstanceId(configurator.dataInfo().instanceId());
    data.setConfiguratorRegistIds(new ArrayList<>(List.of(configurator.registerId())));
    data.setDataBox(target.value() == null ? null : new DataBox(target.value()));
    data.setVersion(target.version());
    return data;
  }

  /** Sends one configurator's push; a refusal or failure of the client is retried. */
  private final class Pushes implements Coalescer.Sender<String, Target> {

    @Override
    public CompletionStage<?> send(String registId, Target target) {
      Configurator configurator = registry.configurator(registId);
      RpcConnection connection =
          configurator == null ? null : connections.get(configurator.connectId());
      if (connection == null) {
        return CompletableFuture.completedFuture(null); // gone: the scan drops the lane
      }
      return connection
          .invoke(data(configurator, target), pushTimeout)
          .thenAccept(
              answer -> {
                if (answer instanceof Result result && !result.isSuccess()) {
                  throw new IllegalStateException("config push refused: " + result.getMessage());
                }
              });
    }
  }

  /**
   * One configurator's lane state: what the client acknowledged last, what is in flight and what
   * waits to be pushed. Every push taken is either delivered or restored (the lane never gives one
   * up), so {@code sent} is never stale. Guarded by its own monitor (the lane's guard).
   */
  private static final class Wanted implements Pending<Target, Target> {
    private Target acknowledged;
    private Target sent;
    private Target waiting;

    @Override
    public void add(Target target) {
      Target latest = waiting != null ? waiting : sent != null ? sent : acknowledged;
      if (latest != null
          && (target.version() <= latest.version()
              || Objects.equals(target.value(), latest.value()))) {
        return; // nothing the client does not already hold, or is about to
      }
      waiting = target;
    }

    @Override
    public boolean isEmpty() {
      return waiting == null;
    }

    @Override
    public Target take() {
      sent = waiting;
      waiting = null;
      return sent;
    }

    @Override
    public void restore(Target batch) {
      sent = null;
      if (waiting == null) {
        waiting = batch;
      }
    }

    @Override
    public void delivered(Target batch) {
      sent = null;
      if (acknowledged == null || batch.version() > acknowledged.version()) {
        acknowledged = batch;
      }
    }
  }
}
