package io.beacon.registry.common.slot;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Maps a dataInfoId to its slot: {@code abs(crc32c(utf8(dataInfoId))) & (slotCount - 1)}, the
 * reference's function, so a dataInfoId lands in the same slot number in both registries.
 */
public final class SlotFunction {

  public static final int DEFAULT_SLOT_COUNT = 256;

  private final int slotCount;
  private final int mask;

  public SlotFunction(int slotCount) {
    if (slotCount <= 0 || Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException(
          "slotCount: " + slotCount + " (expected: a positive power of two)");
    }
    this.slotCount = slotCount;
    this.mask = slotCount - 1;
  }

  public int slotCount() {
    return slotCount;
  }

  public int slotOf(String dataInfoId) {
    CRC32C crc = new CRC32C();
    crc.update(dataInfoId.getBytes(StandardCharsets.UTF_8));
    return Math.abs((int) crc.getValue()) & mask;
  }
}
