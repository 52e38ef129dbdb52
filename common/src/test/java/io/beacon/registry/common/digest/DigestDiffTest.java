package io.beacon.registry.common.digest;

import static io.beacon.registry.common.digest.DigestFixtures.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigestDiffTest {

  @Test
  void equalDigestsGiveNoDifference() {
    SlotDigest digest =
        SlotDigest.ofPublishers(List.of(publisher("d1", "a", 1, 1), publisher("d2", "b", 1, 1)));

    DigestDiff diff = DigestDiff.between(digest, digest);
    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff).isEqualTo(DigestDiff.NONE);
  }

  @Test
  void dataInfoIdsAreClassifiedAsAddedUpdatedOrRemovedInSortedOrder() {
    SlotDigest requester =
        SlotDigest.ofPublishers(
            List.of(
                publisher("same", "a", 1, 1),
                publisher("changed-2", "a", 1, 1),
                publisher("changed-1", "a", 1, 1),
                publisher("only-requester-2", "a", 1, 1),
                publisher("only-requester-1", "a", 1, 1)));
    SlotDigest responder =
        SlotDigest.ofPublishers(
            List.of(
                publisher("same", "a", 1, 1),
                publisher("changed-2", "a", 2, 1),
                publisher("changed-1", "a", 1, 1),
                publisher("changed-1", "b", 1, 1),
                publisher("only-responder-2", "a", 1, 1),
                publisher("only-responder-1", "a", 1, 1)));

    DigestDiff diff = DigestDiff.between(requester, responder);
    assertThat(diff.added()).containsExactly("only-responder-1", "only-responder-2");
    assertThat(diff.updated()).containsExactly("changed-1", "changed-2");
    assertThat(diff.removed()).containsExactly("only-requester-1", "only-requester-2");
    assertThat(diff.differing())
        .containsExactly(
            "changed-1",
            "changed-2",
            "only-requester-1",
            "only-requester-2",
            "only-responder-1",
            "only-responder-2");
  }

  @Test
  void swappingTheSidesSwapsAddedAndRemoved() {
    SlotDigest a = SlotDigest.ofPublishers(List.of(publisher("x", "a", 1, 1)));
    SlotDigest b = SlotDigest.ofPublishers(List.of(publisher("y", "a", 1, 1)));

    DigestDiff forward = DigestDiff.between(a, b);
    DigestDiff backward = DigestDiff.between(b, a);
    assertThat(forward.added()).isEqualTo(backward.removed()).containsExactly("y");
    assertThat(forward.removed()).isEqualTo(backward.added()).containsExactly("x");
  }

  @Test
  void anEmptyRequesterGetsEverythingAsAdded() {
    SlotDigest responder =
        SlotDigest.ofPublishers(List.of(publisher("x", "a", 1, 1), publisher("y", "a", 1, 1)));

    DigestDiff diff = DigestDiff.between(SlotDigest.EMPTY, responder);
    assertThat(diff.added()).containsExactly("x", "y");
    assertThat(diff.updated()).isEmpty();
    assertThat(diff.removed()).isEmpty();
  }
}
