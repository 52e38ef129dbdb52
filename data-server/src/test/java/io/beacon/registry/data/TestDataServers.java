package io.beacon.registry.data;

import io.beacon.registry.data.settings.DataServerConfig;
import io.beacon.registry.testing.DataNodeHarness;
import io.beacon.registry.testing.Settings;
import java.util.ArrayList;
import java.util.List;

/** Settings of the data servers the tests of this module start. Stateless. */
final class TestDataServers {

  private TestDataServers() {}

  /**
   * A data server on 127.0.0.1 with ephemeral ports, {@code slotCount} slots and {@code harness} as
   * its meta; {@code more} alternating keys and values are added, or replace these.
   */
  static DataServerConfig config(DataNodeHarness harness, int slotCount, Object... more) {
    List<Object> keysAndValues =
        new ArrayList<>(
            List.of(
                "bind-host",
                "127.0.0.1",
                "advertised-host",
                "127.0.0.1",
                "rpc-port",
                0,
                "http-port",
                0,
                "meta-addresses",
                harness.metaAddresses(),
                "slot-count",
                slotCount));
    keysAndValues.addAll(List.of(more));
    return Settings.of(DataServerConfig.class, keysAndValues.toArray());
  }
}
