package io.beacon.registry.data;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.List;

/** Publishers and dataInfoIds for the data server's tests. */
public final class TestPublishers {

  private TestPublishers() {}

  /** A publisher at client version {@code version} (register timestamp 1000). */
  public static Publisher publisher(
      String dataInfoId, String registerId, long version, ProcessId owner) {
    return publisher(dataInfoId, registerId, version, owner, "v-" + registerId + "-" + version);
  }

  public static Publisher publisher(
      String dataInfoId, String registerId, long version, ProcessId owner, String value) {
    return new Publisher(
        dataInfoId,
        registerId,
        List.of(value),
        new RegisterVersion(version, 1000L),
        "DEFAULT_ZONE",
        "app",
        "10.0.0.7:50000_127.0.0.1:9600",
        owner);
  }

  /** The {@code nth} dataInfoId of a generated sequence that falls into {@code slotId}. */
  public static String idInSlot(SlotFunction slots, int slotId, int nth) {
    int found = 0;
    for (int i = 0; ; i++) {
      String id = "svc-" + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      if (slots.slotOf(id) == slotId && found++ == nth) {
        return id;
      }
    }
  }
}
