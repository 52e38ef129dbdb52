package io.beacon.registry.common.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests over random pairs of publisher sets (fixed seeds, so a failure reproduces):
 * digests agree exactly when the content agrees, and the renew, digest, diff, transfer loop
 * converges within the round bound.
 */
class DigestSyncSimulationTest {

  private static final int PAIRS = 500;

  /** The counts of one simulated sync. */
  private record SyncStats(int digestPasses, int publisherRounds) {}

  @Test
  void digestsAndDiffsAgreeWithTheContentOnRandomPairs() {
    Random random = new Random(0xBEAC0DL);
    int equalPairs = 0;
    for (int i = 0; i < PAIRS; i++) {
      SimulatedSide a = SimulatedSide.random(random);
      SimulatedSide b = mutate(a.copy(), random, random.nextInt(4), true);
      Map<String, Map<String, RegisterVersion>> va = a.versions();
      Map<String, Map<String, RegisterVersion>> vb = b.versions();
      SlotDigest da = a.digest();
      SlotDigest db = b.digest();

      assertThat(da.equals(db)).as("pair %s", i).isEqualTo(va.equals(vb));
      assertThat(da.signature() == db.signature()).as("pair %s", i).isEqualTo(va.equals(vb));
      assertThat(DigestDiff.between(da, db)).as("pair %s", i).isEqualTo(expectedDiff(va, vb));
      equalPairs += va.equals(vb) ? 1 : 0;
    }
    // Both outcomes are exercised, so "equal exactly when" is tested both ways.
    assertThat(equalPairs).isBetween(PAIRS / 10, PAIRS - PAIRS / 10);
  }

  @Test
  void insertionOrderNeverChangesADigest() {
    Random random = new Random(17L);
    for (int i = 0; i < PAIRS; i++) {
      List<Publisher> publishers = SimulatedSide.random(random).all();
      List<Publisher> shuffled = new ArrayList<>(publishers);
      Collections.shuffle(shuffled, random);

      SlotDigest digest = SlotDigest.ofPublishers(publishers);
      assertThat(SlotDigest.ofPublishers(shuffled)).isEqualTo(digest);
      assertThat(SlotDigest.ofPublishers(shuffled).signature()).isEqualTo(digest.signature());
    }
  }

  @Test
  void aFollowerMirroringItsLeaderConvergesWithinTheRoundBound() {
    Random random = new Random(42L);
    for (int i = 0; i < PAIRS; i++) {
      SimulatedSide leader = SimulatedSide.random(random);
      SimulatedSide follower =
          random.nextBoolean()
              ? SimulatedSide.random(random)
              : mutate(leader.copy(), random, random.nextInt(30), true);
      int cap = 1 + random.nextInt(20);
      int differences = follower.differencesWith(leader);

      SyncStats stats = sync(follower, leader, cap, SimulatedSide::applyMirroring);

      assertConverged(i, follower, leader, differences, cap, stats);
    }
  }

  @Test
  void aLeaderSyncingFromItsSessionConvergesWhenTheSessionHoldsNewerVersions() {
    Random random = new Random(7L);
    for (int i = 0; i < PAIRS; i++) {
      SimulatedSide session = SimulatedSide.random(random);
      // The leader missed some writes: the session has added, republished or removed since.
      SimulatedSide leader = session.copy();
      mutate(session, random, random.nextInt(30), false);
      int cap = 1 + random.nextInt(20);
      int differences = leader.differencesWith(session);

      SyncStats stats = sync(leader, session, cap, SimulatedSide::applyVersionGuarded);

      assertConverged(i, leader, session, differences, cap, stats);
    }
  }

  @Test
  void differencesTheRequesterRefusesNeverStallAPass() {
    SimulatedSide session = new SimulatedSide();
    SimulatedSide leader = new SimulatedSide();
    for (int r = 0; r < 10; r++) {
      String data = DigestFixtures.dataInfoId(r % 3);
      session.put(DigestFixtures.publisher(data, "old-" + r, 1, 1));
      leader.put(DigestFixtures.publisher(data, "old-" + r, 2, 1));
      session.put(DigestFixtures.publisher(data, "new-" + r, 1, 1));
    }
    int cap = 3;

    DigestDiff diff = DigestDiff.between(leader.digest(), session.digest());
    int rounds = runPass(leader, session, diff, cap, SimulatedSide::applyVersionGuarded);

    // 20 differences: the 10 older ones are refused every time, yet the pass ends in 7 rounds.
    assertThat(rounds).isEqualTo(7);
    assertThat(leader.differencesWith(session)).isEqualTo(10);
  }

  private static void assertConverged(
      int pair,
      SimulatedSide requester,
      SimulatedSide responder,
      int differences,
      int cap,
      SyncStats stats) {
    int bound = (differences + cap - 1) / cap;
    assertThat(requester.versions()).as("pair %s", pair).isEqualTo(responder.versions());
    assertThat(requester.digest().signature()).isEqualTo(responder.digest().signature());
    assertThat(stats.publisherRounds()).as("pair %s", pair).isLessThanOrEqualTo(bound + 1);
    assertThat(stats.publisherRounds()).as("pair %s", pair).isEqualTo(bound);
    assertThat(stats.digestPasses()).as("pair %s", pair).isEqualTo(differences == 0 ? 1 : 2);
  }

  /** Digest passes until the digests match: what a renew loop does, one pass per renew. */
  private static SyncStats sync(
      SimulatedSide requester,
      SimulatedSide responder,
      int cap,
      BiConsumer<SimulatedSide, PublisherDiff> apply) {
    int passes = 0;
    int rounds = 0;
    while (passes < 10) {
      passes++;
      DigestDiff diff = DigestDiff.between(requester.digest(), responder.digest());
      if (diff.isEmpty()) {
        break;
      }
      rounds += runPass(requester, responder, diff, cap, apply);
    }
    return new SyncStats(passes, rounds);
  }

  /** Publisher-diff rounds over the differing dataInfoIds until nothing remains. */
  private static int runPass(
      SimulatedSide requester,
      SimulatedSide responder,
      DigestDiff diff,
      int cap,
      BiConsumer<SimulatedSide, PublisherDiff> apply) {
    int rounds = 0;
    DiffCursor cursor = null;
    do {
      List<PublisherSummary> summaries = requester.summaries(diff.differing());
      PublisherDiff round = PublisherDiff.compute(summaries, responder.publishers(), cursor, cap);
      apply.accept(requester, round);
      rounds++;
      cursor = round.resumeAfter();
    } while (cursor != null);
    return rounds;
  }

  /** Applies random adds, removals and version changes (older ones only if allowed). */
  private static SimulatedSide mutate(
      SimulatedSide side, Random random, int mutations, boolean allowOlder) {
    for (int m = 0; m < mutations; m++) {
      List<Publisher> all = side.all();
      int kind = all.isEmpty() ? 0 : random.nextInt(4);
      if (kind == 0) {
        Publisher added =
            SimulatedSide.randomPublisher(random, DigestFixtures.dataInfoId(random.nextInt(30)));
        if (!allowOlder) {
          // A client registering (again) always does so at a newer version than it had before.
          added =
              DigestFixtures.publisher(
                  added.dataInfoId(), added.registerId(), 1_000 + m, added.version().version());
        }
        side.put(added);
        continue;
      }
      Publisher p = all.get(random.nextInt(all.size()));
      RegisterVersion v = p.version();
      if (kind == 1) {
        side.remove(p.dataInfoId(), p.registerId());
      } else if (kind == 2) {
        long delta = allowOlder && random.nextBoolean() ? -1 : 1;
        side.put(
            DigestFixtures.publisher(
                p.dataInfoId(), p.registerId(), v.version() + delta, v.registerTimestamp()));
      } else {
        long delta = allowOlder && random.nextBoolean() ? -1 : 1;
        side.put(
            DigestFixtures.publisher(
                p.dataInfoId(), p.registerId(), v.version(), v.registerTimestamp() + delta));
      }
    }
    return side;
  }

  private static DigestDiff expectedDiff(
      Map<String, Map<String, RegisterVersion>> requester,
      Map<String, Map<String, RegisterVersion>> responder) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    TreeSet<String> ids = new TreeSet<>(requester.keySet());
    ids.addAll(responder.keySet());
    for (String id : ids) {
      if (!requester.containsKey(id)) {
        added.add(id);
      } else if (!responder.containsKey(id)) {
        removed.add(id);
      } else if (!requester.get(id).equals(responder.get(id))) {
        updated.add(id);
      }
    }
    return new DigestDiff(added, updated, removed);
  }
}
