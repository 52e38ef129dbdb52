package io.beacon.registry.common.digest;

import static io.beacon.registry.common.digest.DigestFixtures.dataInfoId;
import static io.beacon.registry.common.digest.DigestFixtures.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.model.Publisher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotDigestTest {

  private static List<Publisher> publishers() {
    List<Publisher> publishers = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      for (int r = 0; r < 4; r++) {
        publishers.add(publisher(dataInfoId(d), "reg-" + r, r + 1, 1_000 + r));
      }
    }
    return publishers;
  }

  @Test
  void equalContentGivesEqualDigestsAndSignaturesRegardlessOfOrder() {
    List<Publisher> shuffled = publishers();
    Collections.shuffle(shuffled, new Random(7));

    SlotDigest digest = SlotDigest.ofPublishers(publishers());
    assertThat(SlotDigest.ofPublishers(shuffled)).isEqualTo(digest);
    assertThat(SlotDigest.ofPublishers(shuffled).signature()).isEqualTo(digest.signature());
    assertThat(digest.publisherCount()).isEqualTo(20);
  }

  @Test
  void emptyDatumsCountAsAbsentSoTheyNeverCauseAMismatch() {
    SlotDigest withEmpty =
        new SlotDigest(
            Map.of(
                dataInfoId(1),
                PublisherSummary.of(dataInfoId(1), publishers().subList(4, 8)).digest(),
                dataInfoId(9),
                DatumDigest.EMPTY));
    SlotDigest without = SlotDigest.ofPublishers(publishers().subList(4, 8));

    assertThat(withEmpty).isEqualTo(without);
    assertThat(withEmpty.signature()).isEqualTo(without.signature());
    assertThat(withEmpty.digest(dataInfoId(9))).isEqualTo(DatumDigest.EMPTY);
  }

  @Test
  void theEmptySlotHasSignatureZero() {
    assertThat(SlotDigest.EMPTY.signature()).isZero();
    assertThat(SlotDigest.ofPublishers(List.of())).isEqualTo(SlotDigest.EMPTY);
    assertThat(new SlotDigest(null)).isEqualTo(SlotDigest.EMPTY);
  }

  @Test
  void eachKindOfDifferenceChangesTheSignature() {
    long signature = SlotDigest.ofPublishers(publishers()).signature();

    List<Publisher> missing = publishers();
    missing.remove(3);
    List<Publisher> extra = publishers();
    extra.add(publisher(dataInfoId(2), "reg-new", 1, 1));
    List<Publisher> newer = publishers();
    Publisher old = newer.get(6);
    newer.set(6, publisher(old.dataInfoId(), old.registerId(), old.version().version() + 1, 1_000));

    assertThat(SlotDigest.ofPublishers(missing).signature()).isNotEqualTo(signature);
    assertThat(SlotDigest.ofPublishers(extra).signature()).isNotEqualTo(signature);
    assertThat(SlotDigest.ofPublishers(newer).signature()).isNotEqualTo(signature);
  }

  @Test
  void aPublisherMovedToAnotherDataInfoIdChangesTheSignature() {
    List<Publisher> moved = publishers();
    Publisher p = moved.remove(0);
    moved.add(publisher(dataInfoId(99), p.registerId(), p.version()));

    assertThat(SlotDigest.ofPublishers(moved).signature())
        .isNotEqualTo(SlotDigest.ofPublishers(publishers()).signature());
  }

  @Test
  void twoSummariesOfTheSameDataInfoIdAreRejected() {
    PublisherSummary summary = PublisherSummary.empty(dataInfoId(1));

    assertThatThrownBy(() -> SlotDigest.of(List.of(summary, summary)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
  }
}
