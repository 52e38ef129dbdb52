package io.beacon.registry.common.colocation;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import io.beacon.registry.common.model.Publisher;

/**
 * Lets the session and data servers of one JVM (the standalone registry) hold one publisher object
 * instead of two equal copies: the session puts each publisher it accepts through {@link #share},
 * and so does the data server before it stores a write. A write that reaches the data server
 * through {@code InProcessRoutes} already carries the session's instance; one that arrives as a
 * copy (over a socket, as in a colocated cluster whose routes are off) comes back as the session's
 * instance. Publishers are immutable and compared by value, so which of two equal instances is
 * stored changes nothing but memory. Servers in their own processes use {@link #none()}: there is
 * nothing to share, and a pool would only cost an entry per publisher. Weak: a publisher neither
 * server holds any more is collected. Thread-safe.
 */
public final class PublisherPool {

  private static final PublisherPool NONE = new PublisherPool(null);

  private final Interner<Publisher> interner;

  private PublisherPool(Interner<Publisher> interner) {
    this.interner = interner;
  }

  /** No sharing: {@link #share} returns its argument. */
  public static PublisherPool none() {
    return NONE;
  }

  /** A pool for servers that run in the same JVM. */
  public static PublisherPool shared() {
    return new PublisherPool(Interners.newWeakInterner());
  }

  /** The pooled instance equal to {@code publisher}, which becomes it if there is none yet. */
  public Publisher share(Publisher publisher) {
    return interner == null ? publisher : interner.intern(publisher);
  }
}
