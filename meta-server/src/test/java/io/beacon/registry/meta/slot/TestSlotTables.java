package io.beacon.registry.meta.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.VersionClock;
import io.beacon.registry.common.slot.SlotTable;
import java.util.Optional;

/** The data servers the slot tests place slots on, and the tables they start from. Stateless. */
final class TestSlotTables {

  static final String A = "10.0.0.1:9620";
  static final String B = "10.0.0.2:9620";
  static final String C = "10.0.0.3:9620";
  static final String D = "10.0.0.4:9620";

  private TestSlotTables() {}

  /** What {@link SlotAssigner#assign} makes of {@code current}; fails if it changes nothing. */
  static SlotTable assigned(
      SlotTable current, Iterable<String> live, int replicas, VersionClock versions) {
    Optional<SlotTable> next = SlotAssigner.assign(current, live, replicas, versions);
    assertThat(next).isPresent();
    return next.get();
  }
}
