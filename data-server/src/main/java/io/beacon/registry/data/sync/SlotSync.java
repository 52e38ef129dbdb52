package io.beacon.registry.data.sync;

import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotLeadership;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.store.DatumStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The data server's slot syncs (DESIGN.md §5), assembled. Two {@link SlotDiffSyncer}s run the
 * passes: one pulls from sessions (a renew that found a difference, {@link SessionSync}, and a slot
 * gained as leader, {@link SlotMigrator}, which {@link SlotLeadership} starts on every new table),
 * the other pulls a followed slot from its leader ({@link FollowerSync}). A session pass renews the
 * session's lease when it answers. Immutable once built; {@link #close()} stops both syncers.
 */
public record SlotSync(
    SlotDiffSyncer sessionPasses,
    SlotDiffSyncer leaderPasses,
    SessionSync sessions,
    SlotMigrator migrator,
    FollowerSync followers)
    implements AutoCloseable {

  private static final Duration MIGRATION_RETRY_DELAY = Duration.ofMillis(200);

  /**
   * Builds the syncs and has slot leadership changes start migrations.
   *
   * @param listedSessions the sessions meta lists now (a gained slot migrates in from each)
   * @param dataProcesses the process meta lists for a data server's address, or null
   */
  public static SlotSync create(
      DataServerConfig config,
      RpcClient client,
      Executor executor,
      ProcessId processId,
      SlotTableHolder tables,
      DatumStore store,
      SlotAccess access,
      SlotMigrations migrations,
      ChangeNotifier notifier,
      SessionLeases leases,
      Supplier<List<SyncPeer>> listedSessions,
      Function<String, ProcessId> dataProcesses,
      Supplier<String> localAddress,
      RetryTimer timer,
      InstantSource clock) {
    SlotDiffSyncer sessionPasses = syncer(config, client, executor, processId, leases::renew);
    SlotDiffSyncer leaderPasses = syncer(config, client, executor, processId, leader -> {});
    SessionSync sessions = new SessionSync(store, access, notifier, sessionPasses);
    SlotMigrator migrator =
        new SlotMigrator(
            migrations,
            sessions::schedule,
            store,
            access,
            notifier,
            listedSessions,
            timer,
            clock,
            config.migrationDeadline(),
            MIGRATION_RETRY_DELAY);
    new SlotLeadership(tables, store, localAddress, migrator).listen();
    FollowerSync followers =
        new FollowerSync(store, access, leaderPasses, tables, localAddress, dataProcesses);
    return new SlotSync(sessionPasses, leaderPasses, sessions, migrator, followers);
  }

  private static SlotDiffSyncer syncer(
      DataServerConfig config,
      RpcClient client,
      Executor executor,
      ProcessId processId,
      Consumer<ProcessId> onAnswer) {
    return new SlotDiffSyncer(
        client,
        executor,
        processId,
        config.rpcTimeout(),
        config.renewSyncMaxPublishers(),
        SlotDiffSyncer.DEFAULT_MAX_SUMMARY_REGISTER_IDS,
        onAnswer);
  }

  @Override
  public void close() {
    leaderPasses.close();
    sessionPasses.close();
  }
}
