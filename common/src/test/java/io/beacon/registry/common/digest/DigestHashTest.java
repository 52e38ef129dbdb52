package io.beacon.registry.common.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigestHashTest {

  /**
   * Digests are compared between processes and versions: these values were computed by an
   * independent implementation of the documented algorithm and must never change silently.
   */
  @Test
  void hashIsPinnedToValuesComputedIndependently() {
    assertThat(DigestHash.hash("")).isEqualTo(-480278189079778035L);
    assertThat(DigestHash.hash("a")).isEqualTo(361264518386152172L);
    assertThat(DigestHash.hash("registerId-1")).isEqualTo(-4377374138777949210L);
    assertThat(DigestHash.hash("com.example.Service#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP"))
        .isEqualTo(3163019138943195343L);
    assertThat(DigestHash.hash("\u670D\u52A1-\u00E9-\uD83D\uDE00")).isEqualTo(8452639206381467544L);
  }

  @Test
  void stringsThatDifferOnlyByTrailingZeroBytesHashDifferently() {
    assertThat(DigestHash.hash("a")).isNotEqualTo(DigestHash.hash("a\0"));
    assertThat(DigestHash.hash("")).isNotEqualTo(DigestHash.hash("\0"));
    assertThat(DigestHash.hash("abcdefgh")).isNotEqualTo(DigestHash.hash("abcdefgh\0"));
  }

  @Test
  void twoHundredThousandTypicalRegisterIdsHaveDistinctHashes() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      seen.add(DigestHash.hash("registerId-" + i));
    }
    assertThat(seen).hasSize(200_000);
  }

  @Test
  void foldChangesWheneverTheFoldedValueChanges() {
    Set<Long> seen = new HashSet<>();
    for (long value = -50_000; value < 50_000; value++) {
      seen.add(DigestHash.fold(123L, value));
    }
    assertThat(seen).hasSize(100_000);
  }
}
