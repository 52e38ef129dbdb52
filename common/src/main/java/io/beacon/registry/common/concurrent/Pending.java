package io.beacon.registry.common.concurrent;

/**
 * What waits to be sent for one key of a {@link Lane}: the offered items merged the way the use
 * needs (newest version per registration, highest version per dataInfoId, a FIFO of batches...).
 * The lane calls it only under its owner's guard, so an implementation needs no locking of its own.
 *
 * @param <I> what callers offer
 * @param <B> what one send carries; never null
 */
public interface Pending<I, B> {

  /**
   * Merges {@code item} into what waits; an item that adds nothing (an older version) is dropped.
   */
  void add(I item);

  /** True when nothing waits that is worth a send. */
  boolean isEmpty();

  /** Removes and returns the next batch to send; called only when {@link #isEmpty()} is false. */
  B take();

  /**
   * {@code batch} failed and will be retried: puts back what is still wanted, in front of what
   * arrived meanwhile, unless a newer item replaced it.
   */
  void restore(B batch);

  /** {@code batch} was delivered. */
  default void delivered(B batch) {}

  /**
   * True when an idle lane holding this may be forgotten; a key whose state must outlive its sends
   * (a version seen, a datum held) answers false while that state matters. False by default.
   */
  default boolean isDisposable() {
    return false;
  }
}
