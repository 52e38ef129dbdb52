package io.beacon.registry.data.sync;

import io.beacon.registry.common.concurrent.RetryTimer;
import io.beacon.registry.common.concurrent.Tasks;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.data.change.ChangeNotifier;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.slot.SlotLeadership;
import io.beacon.registry.data.slot.SlotMigrations;
import io.beacon.registry.data.slot.SlotMigrations.Finished;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.WriteResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates in the slots this node starts to lead: before a new leader serves reads of a slot, it
 * pulls the slot from every session process meta lists, since the sessions hold the truth about
 * their clients' publishers and this node may hold nothing (a new or restarted node) or a
 * follower's copy a few writes behind.
 *
 * <p><b>Design.</b> {@link SlotLeadership} reports a gained slot (under its leader epoch) as soon
 * as a new table is applied; reads of it are refused as MIGRATING from the moment the table is
 * visible ({@link SlotMigrations}). The migrator then queues one session to leader pass per listed
 * session process ({@link SessionSync}, the same pass a renew with a differing checksum starts),
 * and retries a pass that aborted (a session busy, a connection lost, a pass already in flight)
 * after {@code retryDelay}, for as long as the migration lasts. The migration ends when every
 * session process has completed a pass, when meta stops listing the ones left (a dead session: its
 * publishers expire with its lease), or at {@code deadline}, so one slow or unreachable session
 * cannot keep the slot unreadable for ever; the reference uses the same escape (40 s there). At the
 * end every datum of the slot gets a new version and the sessions are told, so each re-fetches and
 * re-pushes this leader's view even where an earlier leader reached a higher version.
 *
 * <p><b>Concurrency.</b> The state lives in {@link SlotMigrations} (its own lock). This class is
 * stateless: it is called on the heartbeat callback thread (leadership changes, listed sessions),
 * on the sync executor (pass outcomes) and on the scheduler (retries, deadlines); each call only
 * records, queues or bumps versions under the slot's lock. Writes during a migration are admitted
 * as usual (they only add what is newer); a pass of a slot lost meanwhile aborts at its next step
 * (the store checks the leader epoch under the slot's lock), and the migration is dropped.
 */
public final class SlotMigrator implements SlotLeadership.Listener {

  private static final Logger log = LoggerFactory.getLogger(SlotMigrator.class);

  /** Starts one session to leader pass ({@link SessionSync#schedule} in production). */
  @FunctionalInterface
  public interface Passes {
    CompletableFuture<SyncOutcome> schedule(int slotId, long leaderEpoch, SyncPeer session);
  }

  private final SlotMigrations migrations;
  private final Passes sync;
  private final DatumStore store;
  private final SlotAccess access;
  private final ChangeNotifier notifier;
  private final Supplier<List<SyncPeer>> listedSessions;
  private final RetryTimer scheduler;
  private final InstantSource clock;
  private final Duration deadline;
  private final Duration retryDelay;

  /**
   * @param listedSessions the session processes meta lists now, with their internal addresses
   * @param scheduler runs a task after a delay (retries, deadlines)
   * @param deadline how long a migration may wait for sessions before the slot is served anyway
   * @param retryDelay the pause before an aborted pass of a migration is tried again
   */
  public SlotMigrator(
      SlotMigrations migrations,
      Passes sync,
      DatumStore store,
      SlotAccess access,
      ChangeNotifier notifier,
      Supplier<List<SyncPeer>> listedSessions,
      RetryTimer scheduler,
      InstantSource clock,
      Duration deadline,
      Duration retryDelay) {
    this.migrations = migrations;
    this.sync = sync;
    this.store = store;
    this.access = access;
    this.notifier = notifier;
    this.listedSessions = listedSessions;
    this.scheduler = scheduler;
    this.clock = clock;
    this.deadline = deadline;
    this.retryDelay = retryDelay;
  }

  @Override
  public void onLeadershipChanged(Map<Integer, Long> gained, Set<Integer> lost) {
    for (int slotId : lost) {
      migrations.cancel(slotId);
    }
    if (gained.isEmpty()) {
      return;
    }
    List<SyncPeer> sessions = listedSessions.get();
    Set<ProcessId> processes =
        sessions.stream().map(SyncPeer::processId).collect(Collectors.toUnmodifiableSet());
    for (Map.Entry<Integer, Long> slot : gained.entrySet()) {
      begin(slot.getKey(), slot.getValue(), sessions, processes);
    }
    log.info(
        "slot migrations started slots={} sessions={} deadline={}",
        gained.size(),
        processes.size(),
        deadline);
  }

  /** Meta's current list of session processes: migrations stop waiting for the others. */
  public void onSessionsListed(Set<ProcessId> listed) {
    for (Finished done : migrations.retainListed(listed, clock.instant())) {
      finish(done);
    }
  }

  private void begin(
      int slotId, long leaderEpoch, List<SyncPeer> sessions, Set<ProcessId> processes) {
    Finished immediate =
        migrations.begin(slotId, leaderEpoch, processes, clock.instant(), deadline);
    if (immediate != null) {
      finish(immediate);
      return;
    }
    scheduler.schedule(() -> expire(slotId, leaderEpoch), deadline);
    for (SyncPeer session : sessions) {
      pass(slotId, leaderEpoch, session);
    }
  }

  private void pass(int slotId, long leaderEpoch, SyncPeer session) {
    if (!migrations.awaits(slotId, leaderEpoch, session.processId())) {
      return;
    }
    Tasks.whenComplete(
        sync.schedule(slotId, leaderEpoch, session),
        "migration sync outcome",
        (outcome, error) -> onOutcome(slotId, leaderEpoch, session, outcome, error));
  }

  private void onOutcome(
      int slotId, long leaderEpoch, SyncPeer session, SyncOutcome outcome, Throwable error) {
    boolean done =
        error == null
            && (outcome.result() == SyncOutcome.Result.EQUAL
                || outcome.result() == SyncOutcome.Result.SYNCED);
    if (done) {
      Finished finished =
          migrations.synced(slotId, leaderEpoch, session.processId(), clock.instant());
      if (finished != null) {
        finish(finished);
      }
      return;
    }
    if (migrations.awaits(slotId, leaderEpoch, session.processId())) {
      log.debug(
          "migration pass retried slot={} session={} outcome={}",
          slotId,
          session.address(),
          error != null ? error.toString() : outcome);
      scheduler.schedule(() -> pass(slotId, leaderEpoch, session), retryDelay);
    }
  }

  private void expire(int slotId, long leaderEpoch) {
    Finished finished = migrations.expire(slotId, leaderEpoch, clock.instant());
    if (finished != null) {
      finish(finished);
    }
  }

  private void finish(Finished finished) {
    int slotId = finished.slotId();
    WriteResult bumped =
        store
            .slot(slotId)
            .bumpVersions(
                () -> access.check(slotId, finished.leaderEpoch()), finished.leaderEpoch());
    if (bumped.status() != Status.OK) {
      log.info(
          "slot migration moot slot={} leaderEpoch={} status={}",
          slotId,
          finished.leaderEpoch(),
          bumped.status());
      return;
    }
    notifier.onChange(bumped.changedVersions());
    if (finished.forced()) {
      log.warn(
          "slot migrated at its deadline slot={} leaderEpoch={} sessions={} unsynced={}"
              + " datums={} tookMillis={}",
          slotId,
          finished.leaderEpoch(),
          finished.sessions(),
          finished.unsynced(),
          bumped.changedVersions().size(),
          finished.took().toMillis());
    } else if (!bumped.changedVersions().isEmpty()) {
      log.info(
          "slot migrated slot={} leaderEpoch={} sessions={} datums={} tookMillis={}",
          slotId,
          finished.leaderEpoch(),
          finished.sessions(),
          bumped.changedVersions().size(),
          finished.took().toMillis());
    }
  }
}
