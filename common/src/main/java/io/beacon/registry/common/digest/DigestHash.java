package io.beacon.registry.common.digest;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hash and mix functions every digest is built from. Stateless.
 *
 * <p>Digests are compared across processes, so these functions must give the same bits on every JVM
 * and every Beacon version that shares a cluster: they are spelled out here over the UTF-8 bytes of
 * a string instead of relying on {@link String#hashCode()} (32 bits, and UTF-16 based) or on a
 * library whose output could change. {@code DigestHashTest} pins known values; changing them is a
 * wire-compatibility change (a mixed cluster would then see every digest differ and fall back to
 * full publisher diffs, which is slow but still correct).
 *
 * <p>The string hash consumes 8-byte little-endian blocks with the MurmurHash3 x64 block step and
 * finishes with its {@code fmix64} avalanche. Every step is a bijection of the running state for a
 * fixed block, so two strings of equal length that differ in a single block never collide.
 */
final class DigestHash {

  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long C1 = 0x87C37B91114253D5L;
  private static final long C2 = 0x4CF5AD432745937FL;

  private DigestHash() {}

  /** A 64-bit hash of the UTF-8 bytes of {@code value}. */
  static long hash(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    long h = SEED ^ (bytes.length * C1);
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      h = block(h, littleEndian(bytes, i, Long.BYTES));
    }
    // The tail is always mixed, even when empty: the length in the seed tells "a" from "a\0".
    h = block(h, littleEndian(bytes, i, bytes.length - i));
    return fmix64(h);
  }

  /** MurmurHash3's 64-bit finalizer: a bijection whose every output bit depends on every input. */
  static long fmix64(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  /**
   * Folds {@code value} into {@code state}. For a fixed state this is a bijection of the value (odd
   * multiplier, then fmix64), so changing any one folded field always changes the result.
   */
  static long fold(long state, long value) {
    return fmix64(state ^ (value * C1));
  }

  private static long block(long h, long block) {
    long k = block * C1;
    k = Long.rotateLeft(k, 31);
    k *= C2;
    long next = h ^ k;
    next = Long.rotateLeft(next, 27);
    return next * 5 + 0x52DCE729L;
  }

  private static long littleEndian(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int j = length - 1; j >= 0; j--) {
      value = (value << 8) | (bytes[offset + j] & 0xFFL);
    }
    return value;
  }
}
