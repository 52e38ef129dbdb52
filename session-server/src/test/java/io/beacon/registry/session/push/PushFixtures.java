package io.beacon.registry.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import io.beacon.registry.common.model.DataInfo;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.session.registration.Subscriber;
import io.beacon.registry.testing.TestPublishers;
import java.util.List;

/** The service, subscribers, publishers and datums the push tests push. Stateless. */
final class PushFixtures {

  static final DataInfo SERVICE = new DataInfo("com.example.Service", null, null);
  static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);

  private PushFixtures() {}

  /** A subscriber of {@link #SERVICE} over {@code connectId}. */
  static Subscriber subscriber(String registerId, String scope, String zone, String connectId) {
    return new Subscriber(registerId, SERVICE, scope, zone, "app", connectId, 1L);
  }

  /** A publisher of {@link #SERVICE} in {@code zone}, registered through {@link #SESSION}. */
  static Publisher publisher(String registerId, String zone, String... values) {
    return TestPublishers.publisherInZone(SERVICE.id(), registerId, zone, SESSION, values);
  }

  /** {@link #SERVICE} at {@code version}. */
  static Datum datum(long version, Publisher... publishers) {
    return new Datum(SERVICE.id(), version, List.of(publishers));
  }

  /** {@link #SERVICE} at {@code version}, published by {@code p1} in {@code DEFAULT_ZONE}. */
  static Datum datum(long version, String... values) {
    return datum(version, publisher("p1", "DEFAULT_ZONE", values));
  }

  /** What a pushed zone holds. */
  static List<String> values(List<DataBox> boxes) {
    return boxes.stream().map(DataBox::getData).toList();
  }
}
