package io.beacon.registry.data.rpc;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's answers to a follower's digest and publisher-diff rounds, called directly. */
class SlotSyncRespondersTest {

  private static final String SELF = "127.0.0.1:1";
  private static final String OTHER = "127.0.0.1:2";
  private static final int SLOTS = 8;
  private static final int SLOT = 3;
  private static final long TABLE_EPOCH = 20;
  private static final long LEADER_EPOCH = 5;
  private static final ProcessId SELF_PROCESS = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final ProcessId FOLLOWER = new ProcessId("127.0.0.1", 2L, 2L, 2);
  private static final ProcessId SESSION_A = new ProcessId("127.0.0.1", 3L, 3L, 3);
  private static final ProcessId SESSION_B = new ProcessId("127.0.0.1", 4L, 4L, 4);

  private final SlotWorld world = new SlotWorld(SELF, SLOTS);
  private final SlotDigestHandler digests =
      new SlotDigestHandler(world.store, world.access, SELF_PROCESS);
  private final SlotPublisherDiffHandler rounds =
      new SlotPublisherDiffHandler(world.store, world.access, SELF_PROCESS, 2);

  @BeforeEach
  void leadEverySlot() {
    world.tables.update(table(SELF));
  }

  @Test
  void theDigestAnswerComparesTheWholeSlotOfEveryOwner() {
    put(publisher(id(0), "r1", 1, SESSION_A), publisher(id(1), "r2", 1, SESSION_B));

    SlotDigestResponse response =
        digests.handle(digestRequest(LEADER_EPOCH, SlotDigest.EMPTY), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.responderProcessId()).isEqualTo(SELF_PROCESS);
    assertThat(response.diff().added()).containsExactlyInAnyOrder(id(0), id(1));
  }

  @Test
  void aFollowerHoldingTheWholeSlotGetsAnEmptyDiff() {
    Publisher a = publisher(id(0), "r1", 1, SESSION_A);
    Publisher b = publisher(id(0), "r2", 1, SESSION_B);
    put(a, b);

    SlotDigestResponse response =
        digests.handle(digestRequest(LEADER_EPOCH, SlotDigest.ofPublishers(List.of(a, b))), null);

    assertThat(response.diff().isEmpty()).isTrue();
  }

  @Test
  void thePublisherRoundSendsEveryOwnersPublishersUpToTheCap() {
    put(
        publisher(id(0), "r1", 1, SESSION_A),
        publisher(id(0), "r2", 1, SESSION_B),
        publisher(id(0), "r3", 1, SESSION_B));

    SlotPublisherDiffResponse response =
        rounds.handle(roundRequest(LEADER_EPOCH, PublisherSummary.empty(id(0)), 100), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.diff().updated())
        .extracting(Publisher::registerId)
        .containsExactly("r1", "r2");
    assertThat(response.diff().hasRemaining()).isTrue();
  }

  @Test
  void thePublisherRoundTellsToRemoveWhatTheLeaderDoesNotHold() {
    put(publisher(id(0), "r1", 1, SESSION_A));
    PublisherSummary summary =
        PublisherSummary.of(
            id(0),
            List.of(publisher(id(0), "r1", 1, SESSION_A), publisher(id(0), "gone", 1, SESSION_B)));

    SlotPublisherDiffResponse response =
        rounds.handle(roundRequest(LEADER_EPOCH, summary, 100), null);

    assertThat(response.diff().updated()).isEmpty();
    assertThat(response.diff().removed()).extracting(r -> r.registerId()).containsExactly("gone");
  }

  @Test
  void aNodeNotLeadingTheSlotAnswersNotLeader() {
    world.tables.update(new SlotTable(TABLE_EPOCH + 1, table(OTHER).slots()));

    assertThat(digests.handle(digestRequest(LEADER_EPOCH, SlotDigest.EMPTY), null).status())
        .isEqualTo(Status.NOT_LEADER);
    assertThat(
            rounds
                .handle(roundRequest(LEADER_EPOCH, PublisherSummary.empty(id(0)), 10), null)
                .status())
        .isEqualTo(Status.NOT_LEADER);
  }

  @Test
  void anotherLeaderEpochIsAnsweredStaleEpoch() {
    assertThat(digests.handle(digestRequest(LEADER_EPOCH - 1, SlotDigest.EMPTY), null).status())
        .isEqualTo(Status.STALE_EPOCH);
    assertThat(
            rounds
                .handle(roundRequest(LEADER_EPOCH + 1, PublisherSummary.empty(id(0)), 10), null)
                .status())
        .isEqualTo(Status.STALE_EPOCH);
  }

  @Test
  void aSummaryOfAnotherSlotIsInvalid() {
    PublisherSummary elsewhere = PublisherSummary.empty(world.idInSlot(SLOT + 1, 0));

    assertThat(rounds.handle(roundRequest(LEADER_EPOCH, elsewhere, 10), null).status())
        .isEqualTo(Status.INVALID);
  }

  private SlotDigestRequest digestRequest(long leaderEpoch, SlotDigest digest) {
    return new SlotDigestRequest(SLOT, TABLE_EPOCH, leaderEpoch, FOLLOWER, digest);
  }

  private SlotPublisherDiffRequest roundRequest(
      long leaderEpoch, PublisherSummary summary, int max) {
    return new SlotPublisherDiffRequest(
        SLOT, TABLE_EPOCH, leaderEpoch, List.of(summary), null, max);
  }

  private void put(Publisher... publishers) {
    world.put(SLOT, LEADER_EPOCH, publishers);
  }

  private String id(int nth) {
    return world.idInSlot(SLOT, nth);
  }

  private SlotTable table(String leader) {
    return world.everySlotLedBy(TABLE_EPOCH, leader, LEADER_EPOCH);
  }
}
