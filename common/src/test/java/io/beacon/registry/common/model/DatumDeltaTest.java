package io.beacon.registry.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatumDeltaTest {

  private static final String ID = "com.example.Echo#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
  private static final ProcessId SESSION = new ProcessId("10.0.0.1", 1L, 11L, 1);

  @Test
  void applyingADeltaReplacesInPlaceRemovesAndAppendsInItsOrder() {
    Datum base =
        new Datum(ID, 10, List.of(publisher("a", "1"), publisher("b", "1"), publisher("c", "1")));
    DatumDelta delta =
        new DatumDelta(
            ID,
            10,
            12,
            List.of(publisher("b", "2"), publisher("d", "1"), publisher("a", "2")),
            List.of("c", "a"));

    Datum applied = delta.applyTo(base);

    assertThat(applied.version()).isEqualTo(12);
    assertThat(applied.publishers())
        .containsExactly(publisher("b", "2"), publisher("d", "1"), publisher("a", "2"));
  }

  @Test
  void anEmptyDeltaOfTheHeldVersionGivesTheHeldDatumBack() {
    Datum base = new Datum(ID, 10, List.of(publisher("a", "1")));

    assertThat(new DatumDelta(ID, 10, 10, List.of(), List.of()).applyTo(base)).isSameAs(base);
  }

  @Test
  void aDeltaFromAnotherVersionOrDatumDoesNotApply() {
    Datum base = new Datum(ID, 10, List.of(publisher("a", "1")));

    assertThatThrownBy(() -> new DatumDelta(ID, 9, 12, List.of(), List.of("a")).applyTo(base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from version 9")
        .hasMessageContaining("at version 10");
    assertThatThrownBy(() -> new DatumDelta("other", 10, 12, List.of(), List.of()).applyTo(base))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Publisher publisher(String registerId, String value) {
    return new Publisher(
        ID,
        registerId,
        List.of(value),
        new RegisterVersion(1, 1000L),
        "DEFAULT_ZONE",
        "app",
        "1.1.1.1:5_2.2.2.2:9600",
        SESSION);
  }
}
