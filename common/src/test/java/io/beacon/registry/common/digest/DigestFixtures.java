package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.List;

/** Builders shared by the digest tests. */
final class DigestFixtures {

  static final ProcessId SESSION = new ProcessId("10.0.0.1", 1_000L, 42L, 7);

  private DigestFixtures() {}

  static String dataInfoId(int i) {
    return "com.example.Service" + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  }

  static RegisterVersion version(long version, long registerTimestamp) {
    return new RegisterVersion(version, registerTimestamp);
  }

  static Publisher publisher(String dataInfoId, String registerId, long version, long timestamp) {
    return publisher(dataInfoId, registerId, version(version, timestamp));
  }

  static Publisher publisher(String dataInfoId, String registerId, RegisterVersion version) {
    return new Publisher(
        dataInfoId,
        registerId,
        List.of("10.1.0.1:8080?v=" + version.version()),
        version,
        "DEFAULT_ZONE",
        "app",
        "10.1.0.1:5000_10.0.0.1:9600",
        SESSION);
  }
}
