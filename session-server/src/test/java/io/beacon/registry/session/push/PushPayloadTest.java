package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.SERVICE;
import static io.beacon.registry.session.push.PushFixtures.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.session.registration.Subscriber;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushPayloadTest {

  private final PushPayload payload =
      new PushPayload(
          new Datum(
              SERVICE.id(),
              9L,
              List.of(publisher("p1", "ZONE_A", "a"), publisher("p2", "ZONE_B", "b"))));

  @Test
  void subscribersWithTheSameViewShareOneZoneMap() {
    PushPayload.ZoneView first = payload.viewFor(subscriber("s1", "zone", "ZONE_A"));
    PushPayload.ZoneView second = payload.viewFor(subscriber("s2", null, "ZONE_A"));
    PushPayload.ZoneView all = payload.viewFor(subscriber("s3", "dataCenter", "ZONE_A"));
    PushPayload.ZoneView global = payload.viewFor(subscriber("s4", "global", "ZONE_B"));

    assertThat(second).isSameAs(first);
    assertThat(global).isSameAs(all);
    assertThat(first.data()).containsOnlyKeys("ZONE_A");
    assertThat(all.data()).containsOnlyKeys("ZONE_A", "ZONE_B");
    assertThat(payload.viewCount()).isEqualTo(2);
  }

  @Test
  void eachZoneHasItsOwnView() {
    PushPayload.ZoneView zoneA = payload.viewFor(subscriber("s1", "zone", "ZONE_A"));
    PushPayload.ZoneView zoneB = payload.viewFor(subscriber("s2", "zone", "ZONE_B"));

    assertThat(zoneA).isNotSameAs(zoneB);
    assertThat(zoneB.data()).containsOnlyKeys("ZONE_B");
    assertThat(zoneB.counts()).containsEntry("ZONE_B", 1);
  }

  @Test
  void anEmptyDatumIsPushedAtTheEmptyPushVersion() {
    assertThat(new PushPayload(Datum.empty(SERVICE.id())).version())
        .isEqualTo(Datum.EMPTY_PUSH_VERSION);
    assertThat(payload.version()).isEqualTo(9L);
  }

  private static Subscriber subscriber(String registerId, String scope, String zone) {
    return PushFixtures.subscriber(registerId, scope, zone, "c1");
  }
}
