package io.beacon.registry.data.store;

/** How much a store (or one slot of it) holds. Immutable. */
public record StoreCounts(int datums, int publishers, int tombstones) {

  public static final StoreCounts ZERO = new StoreCounts(0, 0, 0);

  public StoreCounts plus(StoreCounts other) {
    return new StoreCounts(
        datums + other.datums, publishers + other.publishers, tombstones + other.tombstones);
  }
}
