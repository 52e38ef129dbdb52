package io.beacon.registry.common.digest;

import static io.beacon.registry.common.digest.DigestFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.common.model.RegisterVersion;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatumDigestTest {

  private static Map<String, RegisterVersion> threePublishers() {
    Map<String, RegisterVersion> versions = new LinkedHashMap<>();
    versions.put("a", version(1, 100));
    versions.put("b", version(2, 200));
    versions.put("c", version(3, 300));
    return versions;
  }

  @Test
  void equalContentGivesEqualDigestsRegardlessOfInsertionOrder() {
    Map<String, RegisterVersion> reversed = new LinkedHashMap<>();
    reversed.put("c", version(3, 300));
    reversed.put("b", version(2, 200));
    reversed.put("a", version(1, 100));

    assertThat(DatumDigest.of(reversed)).isEqualTo(DatumDigest.of(threePublishers()));
  }

  @Test
  void aChangedVersionChangesTheVersionSignatureButNotTheIds() {
    Map<String, RegisterVersion> changed = threePublishers();
    changed.put("b", version(3, 200));

    DatumDigest before = DatumDigest.of(threePublishers());
    DatumDigest after = DatumDigest.of(changed);
    assertThat(after.versionSignature()).isNotEqualTo(before.versionSignature());
    assertThat(after.registerIdSignature()).isEqualTo(before.registerIdSignature());
    assertThat(after.publisherCount()).isEqualTo(before.publisherCount());
  }

  @Test
  void aChangedRegisterTimestampChangesTheDigest() {
    Map<String, RegisterVersion> changed = threePublishers();
    changed.put("b", version(2, 201));

    assertThat(DatumDigest.of(changed)).isNotEqualTo(DatumDigest.of(threePublishers()));
  }

  @Test
  void aMissingOrAnExtraPublisherChangesTheCount() {
    Map<String, RegisterVersion> missing = threePublishers();
    missing.remove("c");
    Map<String, RegisterVersion> extra = threePublishers();
    extra.put("d", version(1, 1));

    DatumDigest digest = DatumDigest.of(threePublishers());
    assertThat(DatumDigest.of(missing).publisherCount()).isEqualTo(2);
    assertThat(DatumDigest.of(extra).publisherCount()).isEqualTo(4);
    assertThat(DatumDigest.of(missing)).isNotEqualTo(digest);
    assertThat(DatumDigest.of(extra)).isNotEqualTo(digest);
  }

  @Test
  void aPublisherReplacedByAnotherRegisterIdChangesBothSignatures() {
    Map<String, RegisterVersion> replaced = threePublishers();
    replaced.remove("c");
    replaced.put("z", version(3, 300));

    DatumDigest before = DatumDigest.of(threePublishers());
    DatumDigest after = DatumDigest.of(replaced);
    assertThat(after.registerIdSignature()).isNotEqualTo(before.registerIdSignature());
    assertThat(after.versionSignature()).isNotEqualTo(before.versionSignature());
  }

  @Test
  void versionsSwappedBetweenTwoPublishersChangeTheDigest() {
    Map<String, RegisterVersion> swapped = threePublishers();
    swapped.put("a", version(2, 200));
    swapped.put("b", version(1, 100));

    assertThat(DatumDigest.of(swapped)).isNotEqualTo(DatumDigest.of(threePublishers()));
  }

  @Test
  void incrementalUpdatesEqualARecomputedDigest() {
    DatumDigest digest =
        DatumDigest.of(threePublishers())
            .without("b", version(2, 200))
            .with("b", version(5, 500))
            .without("a", version(1, 100))
            .with("d", version(1, 1));

    Map<String, RegisterVersion> expected = new HashMap<>();
    expected.put("b", version(5, 500));
    expected.put("c", version(3, 300));
    expected.put("d", version(1, 1));
    assertThat(digest).isEqualTo(DatumDigest.of(expected));
  }

  @Test
  void removingEveryPublisherGivesTheEmptyDigest() {
    DatumDigest digest =
        DatumDigest.of(threePublishers())
            .without("a", version(1, 100))
            .without("b", version(2, 200))
            .without("c", version(3, 300));

    assertThat(digest).isEqualTo(DatumDigest.EMPTY);
    assertThat(digest.isEmpty()).isTrue();
    assertThat(DatumDigest.of(Map.of())).isEqualTo(DatumDigest.EMPTY);
  }

  @Test
  void removingFromAnEmptyDigestOrANegativeCountIsRefused() {
    assertThatThrownBy(() -> DatumDigest.EMPTY.without("a", version(1, 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new DatumDigest(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("publisherCount: -1");
  }
}
