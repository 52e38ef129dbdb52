package io.beacon.registry.common.digest;

import java.util.Comparator;
import java.util.Objects;

/**
 * A position in the total order (dataInfoId, then registerId) in which a {@link PublisherDiff}
 * walks the differences: the last difference a capped round returned. The next round resumes
 * strictly after it, so every round advances even when some differences cannot be applied by the
 * requester (for example an older version its store refuses). Immutable; a wire value.
 */
public record DiffCursor(String dataInfoId, String registerId) implements Comparable<DiffCursor> {

  private static final Comparator<DiffCursor> ORDER =
      Comparator.comparing(DiffCursor::dataInfoId).thenComparing(DiffCursor::registerId);

  public DiffCursor {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    Objects.requireNonNull(registerId, "registerId");
  }

  @Override
  public int compareTo(DiffCursor other) {
    return ORDER.compare(this, other);
  }

  /** Whether the position (dataInfoId, registerId) comes strictly after this one. */
  public boolean isBefore(String otherDataInfoId, String otherRegisterId) {
    int byData = dataInfoId.compareTo(otherDataInfoId);
    return byData != 0 ? byData < 0 : registerId.compareTo(otherRegisterId) < 0;
  }
}
