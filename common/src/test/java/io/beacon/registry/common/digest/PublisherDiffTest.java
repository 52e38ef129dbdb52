package io.beacon.registry.common.digest;

import static io.beacon.registry.common.digest.DigestFixtures.SESSION;
import static io.beacon.registry.common.digest.DigestFixtures.publisher;
import static io.beacon.registry.common.digest.DigestFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherRemoval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherDiffTest {

  private static PublisherSummary summary(String dataInfoId, Publisher... publishers) {
    return PublisherSummary.of(dataInfoId, List.of(publishers));
  }

  @Test
  void missingAndChangedPublishersAreSentAndExtraOnesRemoved() {
    PublisherSummary mine =
        summary(
            "d",
            publisher("d", "same", 1, 1),
            publisher("d", "old", 1, 1),
            publisher("d", "gone", 3, 3));
    Publisher newer = publisher("d", "old", 2, 1);
    Publisher added = publisher("d", "new", 1, 1);
    Map<String, List<Publisher>> theirs =
        Map.of("d", List.of(publisher("d", "same", 1, 1), newer, added));

    PublisherDiff diff = PublisherDiff.compute(List.of(mine), theirs, 100);

    assertThat(diff.updated()).containsExactly(added, newer);
    assertThat(diff.removed()).containsExactly(new RemovedPublisher("d", "gone", version(3, 3)));
    assertThat(diff.hasRemaining()).isFalse();
    assertThat(diff.resumeAfter()).isNull();
    assertThat(diff.size()).isEqualTo(3);
  }

  @Test
  void anOlderVersionAtTheResponderIsStillADifference() {
    PublisherSummary mine = summary("d", publisher("d", "a", 5, 5));
    Publisher older = publisher("d", "a", 4, 4);

    PublisherDiff diff = PublisherDiff.compute(List.of(mine), Map.of("d", List.of(older)), 10);

    assertThat(diff.updated()).containsExactly(older);
  }

  @Test
  void equalSidesGiveAnEmptyDiff() {
    Publisher p = publisher("d", "a", 1, 1);

    PublisherDiff diff =
        PublisherDiff.compute(List.of(summary("d", p)), Map.of("d", List.of(p)), 1);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.hasRemaining()).isFalse();
  }

  @Test
  void anEmptySummaryAsksForEverythingAndUnaskedDataInfoIdsAreIgnored() {
    Publisher wanted = publisher("wanted", "a", 1, 1);
    Map<String, List<Publisher>> theirs =
        Map.of("wanted", List.of(wanted), "unasked", List.of(publisher("unasked", "a", 1, 1)));

    PublisherDiff diff =
        PublisherDiff.compute(List.of(PublisherSummary.empty("wanted")), theirs, 10);

    assertThat(diff.updated()).containsExactly(wanted);
    assertThat(diff.removed()).isEmpty();
  }

  @Test
  void aDataInfoIdTheResponderLacksRemovesEverythingSummarized() {
    PublisherSummary mine = summary("d", publisher("d", "a", 1, 1), publisher("d", "b", 2, 2));

    PublisherDiff diff = PublisherDiff.compute(List.of(mine), Map.of(), 10);

    assertThat(diff.removed())
        .containsExactly(
            new RemovedPublisher("d", "a", version(1, 1)),
            new RemovedPublisher("d", "b", version(2, 2)));
  }

  @Test
  void theResponderSendsTheNewestOfADuplicateRegisterId() {
    Publisher newest = publisher("d", "a", 2, 2);
    Map<String, List<Publisher>> theirs =
        Map.of("d", List.of(publisher("d", "a", 1, 1), newest, publisher("d", "a", 2, 1)));

    PublisherDiff diff = PublisherDiff.compute(List.of(PublisherSummary.empty("d")), theirs, 10);

    assertThat(diff.updated()).containsExactly(newest);
  }

  @Test
  void aRoundStopsAtTheCapAndTheNextResumesAfterTheCursor() {
    List<Publisher> theirs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      theirs.add(publisher("d2", "r" + i, 1, 1));
      theirs.add(publisher("d1", "r" + i, 1, 1));
    }
    List<PublisherSummary> mine =
        List.of(PublisherSummary.empty("d2"), PublisherSummary.empty("d1"));
    Map<String, List<Publisher>> byId =
        Map.of(
            "d1",
            theirs.stream().filter(p -> p.dataInfoId().equals("d1")).toList(),
            "d2",
            theirs.stream().filter(p -> p.dataInfoId().equals("d2")).toList());

    PublisherDiff first = PublisherDiff.compute(mine, byId, 7);
    PublisherDiff second = PublisherDiff.compute(mine, byId, first.resumeAfter(), 7);

    assertThat(first.updated()).hasSize(7);
    assertThat(first.hasRemaining()).isTrue();
    assertThat(first.resumeAfter()).isEqualTo(new DiffCursor("d2", "r1"));
    assertThat(second.updated())
        .extracting(p -> p.dataInfoId() + "/" + p.registerId())
        .containsExactly("d2/r2", "d2/r3", "d2/r4");
    assertThat(second.hasRemaining()).isFalse();
  }

  @Test
  void aRoundThatExactlyFillsTheCapHasNothingRemaining() {
    Map<String, List<Publisher>> theirs =
        Map.of("d", List.of(publisher("d", "a", 1, 1), publisher("d", "b", 1, 1)));

    PublisherDiff diff = PublisherDiff.compute(List.of(PublisherSummary.empty("d")), theirs, 2);

    assertThat(diff.size()).isEqualTo(2);
    assertThat(diff.hasRemaining()).isFalse();
  }

  @Test
  void removalsCountAgainstTheCapLikePuts() {
    PublisherSummary mine =
        summary(
            "d", publisher("d", "a", 1, 1), publisher("d", "b", 1, 1), publisher("d", "c", 1, 1));

    PublisherDiff diff = PublisherDiff.compute(List.of(mine), Map.of(), 2);

    assertThat(diff.removed()).hasSize(2);
    assertThat(diff.resumeAfter()).isEqualTo(new DiffCursor("d", "b"));
  }

  @Test
  void aRemovalCarriesTheSummarizedVersionSoANewerWriteSurvivesIt() {
    PublisherSummary mine = summary("d", publisher("d", "a", 1, 1));
    RemovedPublisher removed = PublisherDiff.compute(List.of(mine), Map.of(), 10).removed().get(0);
    // Meanwhile the requester stored a newer registration of "a".
    RegisterVersion stored = version(2, 2);

    PublisherRemoval removal = PublisherRemoval.of(removed, SESSION);
    assertThat(removal.version()).isEqualTo(version(1, 1));
    assertThat(removal.sessionProcessId()).isEqualTo(SESSION);
    assertThat(stored.isNewerThan(removal.version())).as("the store's guard keeps it").isTrue();
  }

  @Test
  void invalidCapsSummariesAndPublishersAreRejected() {
    PublisherSummary empty = PublisherSummary.empty("d");
    assertThatThrownBy(() -> PublisherDiff.compute(List.of(empty), Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPublishers: 0");
    assertThatThrownBy(() -> PublisherDiff.compute(List.of(empty, empty), Map.of(), 1))
        .hasMessageContaining("duplicate");
    assertThatThrownBy(
            () ->
                PublisherDiff.compute(
                    List.of(empty), Map.of("d", List.of(publisher("x", "a", 1, 1))), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PublisherDiff(List.of(), List.of(), true, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
