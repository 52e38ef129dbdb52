package io.beacon.registry.common.model;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of all publishers of one dataInfoId at one datum version. Immutable.
 *
 * <p>{@code version} is a time-ordered id from {@link VersionClock}; it grows on every change of
 * the publisher set. A datum that never existed on its leader has version {@link #NO_VERSION}.
 */
public record Datum(String dataInfoId, long version, List<Publisher> publishers) {

  /** The version of a datum its leader has never seen. */
  public static final long NO_VERSION = 0L;

  /**
   * The version pushed to a subscriber of a datum that does not exist yet, as the reference does
   * ({@code DEFAULT_NO_DATUM_VERSION}). Any real version is larger.
   */
  public static final long EMPTY_PUSH_VERSION = 1L;

  public Datum {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    publishers = publishers == null ? List.of() : List.copyOf(publishers);
  }

  public static Datum empty(String dataInfoId) {
    return new Datum(dataInfoId, NO_VERSION, List.of());
  }

  public boolean isEmpty() {
    return publishers.isEmpty();
  }
}
