package io.beacon.registry.data.slot;

import io.beacon.registry.common.model.ProcessId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which slots this node leads but has not migrated in yet, and from which session processes each
 * still waits for a completed sync pass. A slot is readable under a leader epoch only once its
 * migration under that epoch has ended: every session process meta listed when it began has synced
 * it, meta stopped listing the rest, or the deadline passed. Until then, including the moment
 * between a new table becoming visible and its migration beginning, reads are refused as MIGRATING
 * ({@link SlotAccess#checkRead}); writes and sync passes are not.
 *
 * <p>State is guarded by {@code this}; every method is short and calls nothing outside. Readers on
 * the RPC threads ({@link #isMigrating}) take the same lock, which is uncontended apart from the
 * moments a migration starts or ends.
 */
public final class SlotMigrations {

  /** A migration that ended. Immutable. */
  public record Finished(
      int slotId, long leaderEpoch, int sessions, Set<ProcessId> unsynced, Duration took) {

    /** Whether the deadline ended it with sessions still unsynced. */
    public boolean forced() {
      return !unsynced.isEmpty();
    }
  }

  private record Migration(
      long leaderEpoch,
      Set<ProcessId> pending,
      int sessions,
      Instant startedAt,
      Instant deadline) {}

  private final Map<Integer, Migration> migrating = new HashMap<>();
  private final Map<Integer, Long> migratedUnder = new HashMap<>();

  /**
   * Starts migrating {@code slotId} under {@code leaderEpoch} from {@code sessions}, replacing any
   * migration of an older leader epoch. Returns the migration that ended at once if {@code
   * sessions} is empty (nothing to wait for), else null.
   */
  public synchronized Finished begin(
      int slotId, long leaderEpoch, Set<ProcessId> sessions, Instant now, Duration deadline) {
    Migration migration =
        new Migration(
            leaderEpoch, new HashSet<>(sessions), sessions.size(), now, now.plus(deadline));
    migratedUnder.remove(slotId);
    if (sessions.isEmpty()) {
      migrating.remove(slotId);
      return finished(slotId, migration, now);
    }
    migrating.put(slotId, migration);
    return null;
  }

  /**
   * Whether reads of {@code slotId} under {@code leaderEpoch} must wait: no migration under that
   * epoch has ended yet.
   */
  public synchronized boolean isMigrating(int slotId, long leaderEpoch) {
    Long migrated = migratedUnder.get(slotId);
    return migrated == null || migrated != leaderEpoch;
  }

  /** Whether {@code session} still has to sync {@code slotId} under {@code leaderEpoch}. */
  public synchronized boolean awaits(int slotId, long leaderEpoch, ProcessId session) {
    Migration migration = migrating.get(slotId);
    return migration != null
        && migration.leaderEpoch() == leaderEpoch
        && migration.pending().contains(session);
  }

  /**
   * {@code session} completed a sync pass of {@code slotId} under {@code leaderEpoch}; returns the
   * migration if that was the last one it waited for, else null.
   */
  public synchronized Finished synced(
      int slotId, long leaderEpoch, ProcessId session, Instant now) {
    Migration migration = migrating.get(slotId);
    if (migration == null || migration.leaderEpoch() != leaderEpoch) {
      return null;
    }
    migration.pending().remove(session);
    return endIfDone(slotId, migration, now);
  }

  /**
   * Meta lists only {@code listed} now: a session process it dropped is dead or gone, and its
   * publishers expire here with its lease, so no migration waits for it. Returns the migrations
   * that this ended.
   */
  public synchronized List<Finished> retainListed(Set<ProcessId> listed, Instant now) {
    List<Finished> ended = new ArrayList<>();
    for (Map.Entry<Integer, Migration> entry : new ArrayList<>(migrating.entrySet())) {
      Migration migration = entry.getValue();
      if (migration.pending().retainAll(listed)) {
        Finished done = endIfDone(entry.getKey(), migration, now);
        if (done != null) {
          ended.add(done);
        }
      }
    }
    return ended;
  }

  /**
   * Ends {@code slotId}'s migration under {@code leaderEpoch} if its deadline has passed at {@code
   * now}, whatever sessions it still waits for; returns it, else null.
   */
  public synchronized Finished expire(int slotId, long leaderEpoch, Instant now) {
    Migration migration = migrating.get(slotId);
    if (migration == null
        || migration.leaderEpoch() != leaderEpoch
        || now.isBefore(migration.deadline())) {
      return null;
    }
    migrating.remove(slotId);
    return finished(slotId, migration, now);
  }

  /** This node stopped leading {@code slotId}: its migration, if any, is moot. */
  public synchronized void cancel(int slotId) {
    migrating.remove(slotId);
    migratedUnder.remove(slotId);
  }

  /** The slots migrating now. */
  public synchronized Set<Integer> slots() {
    return Set.copyOf(migrating.keySet());
  }

  private Finished endIfDone(int slotId, Migration migration, Instant now) {
    if (!migration.pending().isEmpty()) {
      return null;
    }
    migrating.remove(slotId);
    return finished(slotId, migration, now);
  }

  private Finished finished(int slotId, Migration migration, Instant now) {
    migratedUnder.put(slotId, migration.leaderEpoch());
    return new Finished(
        slotId,
        migration.leaderEpoch(),
        migration.sessions(),
        Set.copyOf(migration.pending()),
        Duration.between(migration.startedAt(), now));
  }
}
