package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.RegisterVersion;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed-size fingerprint of the publishers one side holds for one dataInfoId: how many, which
 * registerIds, and at which {@link RegisterVersion}s. Immutable; a wire value.
 *
 * <p>Design: each publisher contributes a 64-bit term and a signature is the sum of the terms
 * modulo 2<sup>64</sup>.
 *
 * <ul>
 *   <li>Order-independent by construction (addition commutes), so equal summaries give equal
 *       digests however their maps were filled, with no sort.
 *   <li>Incremental: {@link #with} and {@link #without} add or subtract one term, so a holder can
 *       keep digests current in O(1) per write instead of rehashing a datum on every renew.
 *   <li>Sum rather than XOR: an XOR of hashes is linear over GF(2), so differences can cancel in
 *       structured ways (and a chosen set of ids can be solved for by Gaussian elimination, the
 *       known weakness of XOR multiset hashes); modular addition has no such structure.
 * </ul>
 *
 * <p>{@code registerIdSignature} sums {@code hash(registerId)}; {@code versionSignature} sums
 * {@code fold(fold(fold(seed, hash(registerId)), version), registerTimestamp)}. Each fold is a
 * bijection of the folded field, so a single changed version or timestamp always changes its term
 * and therefore the signature (not merely with high probability). A missing or extra publisher
 * always changes {@code publisherCount}; a publisher replaced by another one with a different
 * registerId is missed only if two independent 64-bit sums both collide (about 2<sup>-64</sup> or
 * better for non-adversarial ids). A digest is only a hint: a false "equal" delays a repair until
 * the next change of that datum, and the publisher diff itself compares exact versions.
 *
 * @param publisherCount how many publishers are summarized
 * @param registerIdSignature the sum of the registerId hashes
 * @param versionSignature the sum of the (registerId, version, registerTimestamp) terms
 */
public record DatumDigest(int publisherCount, long registerIdSignature, long versionSignature) {

  /** The digest of no publishers. */
  public static final DatumDigest EMPTY = new DatumDigest(0, 0L, 0L);

  private static final long ENTRY_SEED = 0x2545F4914F6CDD1DL;

  public DatumDigest {
    if (publisherCount < 0) {
      throw new IllegalArgumentException("publisherCount: " + publisherCount + " (expected: >= 0)");
    }
  }

  /** The digest of a registerId to version map. */
  public static DatumDigest of(Map<String, RegisterVersion> versions) {
    DatumDigest digest = EMPTY;
    for (Map.Entry<String, RegisterVersion> entry : versions.entrySet()) {
      digest = digest.with(entry.getKey(), entry.getValue());
    }
    return digest;
  }

  /** This digest with one more publisher; to replace one, call {@link #without} first. */
  public DatumDigest with(String registerId, RegisterVersion version) {
    long idHash = DigestHash.hash(registerId);
    return new DatumDigest(
        publisherCount + 1, registerIdSignature + idHash, versionSignature + term(idHash, version));
  }

  /** This digest without a publisher it contains (at exactly {@code version}). */
  public DatumDigest without(String registerId, RegisterVersion version) {
    if (publisherCount == 0) {
      throw new IllegalStateException("no publisher to remove: " + registerId);
    }
    long idHash = DigestHash.hash(registerId);
    return new DatumDigest(
        publisherCount - 1, registerIdSignature - idHash, versionSignature - term(idHash, version));
  }

  public boolean isEmpty() {
    return publisherCount == 0;
  }

  private static long term(long idHash, RegisterVersion version) {
    Objects.requireNonNull(version, "version");
    long term = DigestHash.fold(ENTRY_SEED, idHash);
    term = DigestHash.fold(term, version.version());
    return DigestHash.fold(term, version.registerTimestamp());
  }
}
