package io.beacon.registry.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherSharingTest {

  private static final RegisterVersion VERSION = new RegisterVersion(1, 1000L);

  @Test
  void publishersBuiltApartHoldOneInstanceOfEachRepeatedField() {
    Publisher a = publisher("r1", "v1");
    Publisher b = publisher("r2", "v2");

    assertThat(b.dataInfoId()).isSameAs(a.dataInfoId());
    assertThat(b.zone()).isSameAs(a.zone());
    assertThat(b.appName()).isSameAs(a.appName());
    assertThat(b.connectId()).isSameAs(a.connectId());
    assertThat(b.sessionProcessId()).isSameAs(a.sessionProcessId());
    // What each publisher has of its own stays its own.
    assertThat(b.registerId()).isNotSameAs(a.registerId());
  }

  @Test
  void missingOptionalFieldsStayMissing() {
    Publisher p = new Publisher("d", "r", null, VERSION, null, null, null, null);

    assertThat(p.zone()).isNull();
    assertThat(p.appName()).isNull();
    assertThat(p.connectId()).isNull();
    assertThat(p.sessionProcessId()).isNull();
    assertThat(p.values()).isEmpty();
  }

  /** Every string is a new instance, as after decoding. */
  private static Publisher publisher(String registerId, String value) {
    return new Publisher(
        new String("com.example.Echo#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP"),
        new String(registerId),
        List.of(new String(value)),
        VERSION,
        new String("DEFAULT_ZONE"),
        new String("app"),
        new String("10.0.0.1:5000_10.0.0.2:9600"),
        new ProcessId(new String("10.0.0.2"), 1L, 2L, 3));
  }
}
