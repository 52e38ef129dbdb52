package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.testing.TestPublishers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivedDataFactoryTest {

  private static final String DATA_CENTER = "DefaultDataCenter";
  private static final DataInfo SERVICE = new DataInfo("com.example.Service", "inst", "grp");
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);

  private final ReceivedDataFactory factory = new ReceivedDataFactory(DATA_CENTER);

  private final Datum threeZones =
      datum(
          42L,
          publisher("p1", "ZONE_A", "a1", "a2"),
          publisher("p2", "ZONE_B", "b1"),
          publisher("p3", "ZONE_A", "a3"),
          publisher("p4", null, "d1"));

  @Test
  void aZoneSubscriberSeesOnlyItsOwnZone() {
    ReceivedData received = factory.build(subscriber("zone", "ZONE_A"), threeZones, 42L);

    assertThat(received.getData()).containsOnlyKeys("ZONE_A");
    assertThat(values(received.getData().get("ZONE_A"))).containsExactly("a1", "a2", "a3");
    assertThat(received.getDataCount()).isEqualTo(Map.of("ZONE_A", 3));
  }

  @Test
  void aSubscriberWithoutScopeIsTreatedAsZoneScoped() {
    ReceivedData received = factory.build(subscriber(null, "ZONE_B"), threeZones, 42L);

    assertThat(received.getData()).containsOnlyKeys("ZONE_B");
  }

  @Test
  void aPublisherWithoutZoneCountsAsDefaultZone() {
    ReceivedData received = factory.build(subscriber("zone", "DEFAULT_ZONE"), threeZones, 42L);

    assertThat(received.getData()).containsOnlyKeys("DEFAULT_ZONE");
    assertThat(values(received.getData().get("DEFAULT_ZONE"))).containsExactly("d1");
  }

  @Test
  void dataCenterAndGlobalSubscribersSeeEveryZone() {
    for (String scope : List.of("dataCenter", "global")) {
      ReceivedData received = factory.build(subscriber(scope, "ZONE_A"), threeZones, 42L);

      assertThat(received.getData()).containsOnlyKeys("ZONE_A", "ZONE_B", "DEFAULT_ZONE");
      assertThat(values(received.getData().get("ZONE_A"))).containsExactly("a1", "a2", "a3");
      assertThat(values(received.getData().get("ZONE_B"))).containsExactly("b1");
      assertThat(received.getDataCount())
          .isEqualTo(Map.of("ZONE_A", 3, "ZONE_B", 1, "DEFAULT_ZONE", 1));
      assertThat(received.getScope()).isEqualTo(scope);
    }
  }

  @Test
  void anEmptyDatumGivesAnEmptyMapAndEveryFieldTheClientNeeds() {
    Subscriber subscriber = subscriber("zone", "ZONE_A");

    ReceivedData received =
        factory.build(subscriber, Datum.empty(SERVICE.id()), Datum.EMPTY_PUSH_VERSION);

    assertThat(received.getData()).isNotNull().isEmpty();
    assertThat(received.getDataCount()).isNotNull().isEmpty();
    assertThat(received.getSegment()).isEqualTo(DATA_CENTER);
    assertThat(received.getVersion()).isEqualTo(Datum.EMPTY_PUSH_VERSION);
    assertThat(received.getSubscriberRegistIds()).containsExactly("s1");
    assertThat(received.getLocalZone()).isEqualTo("ZONE_A");
    assertThat(received.getDataId()).isEqualTo("com.example.Service");
    assertThat(received.getInstanceId()).isEqualTo("inst");
    assertThat(received.getGroup()).isEqualTo("grp");
    assertThat(received.getScope()).isEqualTo("zone");
  }

  @Test
  void aZoneSubscriberInAZoneWithoutPublishersGetsAnEmptyMap() {
    ReceivedData received = factory.build(subscriber("zone", "ZONE_C"), threeZones, 42L);

    assertThat(received.getData()).isNotNull().isEmpty();
    assertThat(received.getLocalZone()).isEqualTo("ZONE_C");
  }

  @Test
  void theVersionIsTheOneGivenAndTheSegmentIsTheDataCenter() {
    ReceivedData received = factory.build(subscriber("global", "ZONE_A"), threeZones, 77L);

    assertThat(received.getVersion()).isEqualTo(77L);
    assertThat(received.getSegment()).isEqualTo(DATA_CENTER);
  }

  @Test
  void aPublisherWithoutValuesCountsZeroButShowsItsZone() {
    Datum datum = datum(5L, publisher("p1", "ZONE_A"), publisher("p2", "ZONE_A", "x"));

    ReceivedData received = factory.build(subscriber("dataCenter", "ZONE_A"), datum, 5L);

    assertThat(values(received.getData().get("ZONE_A"))).containsExactly("x");
    assertThat(received.getDataCount()).isEqualTo(Map.of("ZONE_A", 1));
  }

  private static Subscriber subscriber(String scope, String zone) {
    return new Subscriber("s1", SERVICE, scope, zone, "app", "c1", 1L);
  }

  private static Datum datum(long version, Publisher... publishers) {
    return new Datum(SERVICE.id(), version, List.of(publishers));
  }

  private static Publisher publisher(String registerId, String zone, String... values) {
    return TestPublishers.publisherInZone(SERVICE.id(), registerId, zone, SESSION, values);
  }
}
