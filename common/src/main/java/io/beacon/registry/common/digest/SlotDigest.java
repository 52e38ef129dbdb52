package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.Publisher;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The digests of every dataInfoId one side holds in one slot, and a single 64-bit signature over
 * them for the cheap renew check. Immutable; a wire value.
 *
 * <p>Canonical form: a dataInfoId with no publishers is the same as an absent one, so empty digests
 * are dropped on construction. This matters because a data server keeps empty datums (to push the
 * empty list) that a session never had: they must not make every renew look different.
 *
 * <p>{@link #signature()} sums one term per dataInfoId, folding the dataInfoId hash and the three
 * fields of its digest; like {@link DatumDigest} it is order-independent, and a change of any one
 * field of one datum always changes its term. Publishers moved from one dataInfoId to another
 * change the terms of both. An empty slot has signature 0.
 *
 * @param datums dataInfoId to the digest of its publishers; never holds an empty digest
 */
public record SlotDigest(Map<String, DatumDigest> datums) {

  public static final SlotDigest EMPTY = new SlotDigest(Map.of());

  private static final long SLOT_SEED = 0x6A09E667F3BCC908L;

  public SlotDigest {
    Map<String, DatumDigest> nonEmpty = new HashMap<>();
    if (datums != null) {
      datums.forEach(
          (dataInfoId, digest) -> {
            if (!digest.isEmpty()) {
              nonEmpty.put(dataInfoId, digest);
            }
          });
    }
    datums = Map.copyOf(nonEmpty);
  }

  /** The slot digest of {@code summaries}, which must name distinct dataInfoIds. */
  public static SlotDigest of(Collection<PublisherSummary> summaries) {
    Map<String, DatumDigest> datums = new HashMap<>();
    for (PublisherSummary summary : summaries) {
      if (datums.put(summary.dataInfoId(), summary.digest()) != null) {
        throw new IllegalArgumentException("duplicate summary for " + summary.dataInfoId());
      }
    }
    return new SlotDigest(datums);
  }

  /** The slot digest of {@code publishers}, grouped by their dataInfoId. */
  public static SlotDigest ofPublishers(Collection<Publisher> publishers) {
    return of(PublisherSummary.byDataInfoId(publishers));
  }

  /** The digest of {@code dataInfoId}, {@link DatumDigest#EMPTY} if it has no publishers here. */
  public DatumDigest digest(String dataInfoId) {
    return datums.getOrDefault(dataInfoId, DatumDigest.EMPTY);
  }

  public int publisherCount() {
    int count = 0;
    for (DatumDigest digest : datums.values()) {
      count += digest.publisherCount();
    }
    return count;
  }

  /** One 64-bit value over all datums; computed on each call (O(datums)), cache it if needed. */
  public long signature() {
    long signature = 0L;
    for (Map.Entry<String, DatumDigest> entry : datums.entrySet()) {
      DatumDigest digest = entry.getValue();
      long term = DigestHash.fold(SLOT_SEED, DigestHash.hash(entry.getKey()));
      term = DigestHash.fold(term, digest.publisherCount());
      term = DigestHash.fold(term, digest.registerIdSignature());
      signature += DigestHash.fold(term, digest.versionSignature());
    }
    return signature;
  }
}
