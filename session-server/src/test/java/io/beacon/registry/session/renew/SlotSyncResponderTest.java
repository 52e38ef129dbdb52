package io.beacon.registry.session.renew;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.digest.PublisherSummary;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.session.registration.SessionRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotSyncResponderTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final ProcessId LEADER = new ProcessId("127.0.0.2", 2L, 2L, 2);
  private static final SlotFunction SLOTS = new SlotFunction(1);

  private final SessionRegistry registry = new SessionRegistry(PublisherPool.none(), SLOTS);
  private final SlotSyncResponder responder =
      new SlotSyncResponder(new SlotPublishers(registry), SESSION);

  @Test
  void whatTheLeaderLacksOrHoldsOlderIsReportedAndSentAndWhatTheSessionDroppedIsRemoved() {
    Publisher kept = publisher("a", "r1", 1);
    Publisher newer = publisher("a", "r2", 2);
    Publisher missingAtLeader = publisher("b", "r3", 1);
    registry.putPublisher(kept);
    registry.putPublisher(newer);
    registry.putPublisher(missingAtLeader);
    // The leader holds r1 as is, r2 at an older version, and r4 that this session no longer has.
    List<Publisher> leaderHolds = List.of(kept, publisher("a", "r2", 1), publisher("c", "r4", 1));

    SlotDigestResponse digest =
        responder.digest(
            new SlotDigestRequest(0, 5, 6, LEADER, SlotDigest.ofPublishers(leaderHolds)));
    assertThat(digest.status()).isEqualTo(Status.OK);
    assertThat(digest.responderProcessId()).isEqualTo(SESSION);
    assertThat(digest.diff().added()).containsExactly(id("b"));
    assertThat(digest.diff().updated()).containsExactly(id("a"));
    assertThat(digest.diff().removed()).containsExactly(id("c"));

    List<PublisherSummary> summaries =
        digest.diff().differing().stream()
            .map(
                dataInfoId ->
                    PublisherSummary.of(
                        dataInfoId,
                        leaderHolds.stream()
                            .filter(p -> p.dataInfoId().equals(dataInfoId))
                            .toList()))
            .toList();
    SlotPublisherDiffResponse diff =
        responder.publishers(new SlotPublisherDiffRequest(0, 5, 6, summaries, null, 100));

    assertThat(diff.status()).isEqualTo(Status.OK);
    assertThat(diff.diff().updated()).containsExactlyInAnyOrder(newer, missingAtLeader);
    assertThat(diff.diff().removed())
        .singleElement()
        .satisfies(r -> assertThat(r.registerId()).isEqualTo("r4"));
    assertThat(diff.diff().hasRemaining()).isFalse();
  }

  @Test
  void aRequestForAnotherSlotsDataIsInvalid() {
    SlotSyncResponder twoSlots =
        new SlotSyncResponder(
            new SlotPublishers(new SessionRegistry(PublisherPool.none(), new SlotFunction(2))),
            SESSION);
    assertThat(twoSlots.digest(new SlotDigestRequest(7, 1, 1, LEADER, SlotDigest.EMPTY)).status())
        .isEqualTo(Status.INVALID);
    assertThat(
            responder
                .publishers(new SlotPublisherDiffRequest(0, 1, 1, List.of(), null, 0))
                .status())
        .isEqualTo(Status.INVALID);
  }

  private static String id(String dataId) {
    return dataId + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  }

  private static Publisher publisher(String dataId, String registerId, long version) {
    return new Publisher(
        id(dataId),
        registerId,
        List.of(registerId + "-" + version),
        new RegisterVersion(version, 1_000),
        "DEFAULT_ZONE",
        "app",
        "10.0.0.1:5000_127.0.0.1:9600",
        SESSION);
  }
}
