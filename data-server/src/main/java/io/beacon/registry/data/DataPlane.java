package io.beacon.registry.data;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.change.RpcNoticeSender;
import io.beacon.registry.data.heartbeat.MetaViewHolder;
import io.beacon.registry.data.lease.LeaseExpiry;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.sync.SlotSync;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * The data server's data, assembled for {@link DataServer}: the store, the session leases, slot
 * access and migrations, the change notices to sessions, the slot syncs and lease expiry, which
 * follow what meta said last ({@link MetaViewHolder}). Immutable once built; the root closes the
 * notices and syncs and runs {@link #tick} on {@code data-scheduler}.
 */
record DataPlane(
    DatumStore store,
    SessionLeases leases,
    SlotMigrations migrations,
    SlotAccess access,
    ChangeNotifier notifier,
    SlotSync syncs,
    LeaseExpiry expiry) {

  static DataPlane create(
      DataServerConfig config,
      InstantSource clock,
      DataExecutors executors,
      RetryTimer timer,
      RpcClient client,
      PublisherPool publishers,
      ProcessId processId,
      SlotTableHolder tables,
      MetaViewHolder meta,
      Supplier<String> address) {
    DatumStore store =
        new DatumStore(
            new SlotFunction(config.slotCount()),
            new VersionClock(clock),
            clock,
            config.tombstoneRetention(),
            publishers);
    SessionLeases leases = new SessionLeases(clock, config.sessionLease());
    RpcNoticeSender notices = new RpcNoticeSender(client, executors.notices(), config.rpcTimeout());
    ChangeNotifier notifier =
        new ChangeNotifier(address, notices, timer, config.notifyRetryBackoff());
    SlotMigrations migrations = new SlotMigrations();
    SlotAccess access = new SlotAccess(tables, address, tables::requestRefresh, migrations);
    SlotSync syncs =
        SlotSync.create(
            config,
            client,
            executors.sync(),
            processId,
            tables,
            store,
            access,
            migrations,
            notifier,
            leases,
            () -> meta.current().sessionPeers(),
            peer -> meta.current().dataProcesses().get(peer),
            address,
            timer,
            clock);
    LeaseExpiry expiry =
        new LeaseExpiry(
            store, tables, access, address, leases, () -> meta.current().sessions(), notifier);
    return new DataPlane(store, leases, migrations, access, notifier, syncs, expiry);
  }

  /**
   * The periodic upkeep, on {@code data-scheduler}: removes the orphans of sessions whose lease
   * ended, forgets long-gone sessions, then compacts tombstones.
   */
  void tick(Instant now) {
    expiry.tick(now);
    leases.prune(now);
    store.tick(now);
  }
}
