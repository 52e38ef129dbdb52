package io.beacon.registry.session.push;

import static io.beacon.registry.session.push.PushFixtures.SERVICE;
import static io.beacon.registry.session.push.PushFixtures.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.rpc.HessianCodec;
import io.beacon.registry.session.registration.Subscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How much of a push's per-connection cost is Hessian serialization of the frame body, compared
 * with building the {@link ReceivedData} around a shared zone map. A quick measurement, printed,
 * not asserted (timings on a shared 2-core machine are not a test); what is asserted is that the
 * measured bodies decode back to what was built.
 */
class PushSerializationCostTest {

  private static final int ROUNDS = 2_000;

  private final ReceivedDataFactory factory = new ReceivedDataFactory("DefaultDataCenter");

  @Test
  void serializationPerConnectionIsMeasuredAgainstBuildingTheFrame() throws Exception {
    measure("100 publishers x 40 B", payload(100, 40));
    measure("10 publishers x 1 KB", payload(10, 1024));
    measure("1 publisher x 10 KB", payload(1, 10 * 1024));
  }

  private void measure(String name, PushPayload payload) throws Exception {
    Subscriber subscriber =
        new Subscriber("s1", SERVICE, "dataCenter", "DEFAULT_ZONE", "app", "c1", 1L);
    List<Subscriber> group = List.of(subscriber);
    byte[] body = HessianCodec.instance().serialize(factory.build(group, payload));
    ReceivedData decoded = HessianCodec.instance().deserialize(body, ReceivedData.class.getName());
    assertThat(values(decoded)).isEqualTo(values(factory.build(group, payload)));
    assertThat(decoded.getSubscriberRegistIds()).containsExactly("s1");

    long sink = 0;
    for (int warmup = 0; warmup < 3; warmup++) {
      sink += buildNanos(group, payload) + serializeNanos(group, payload);
    }
    long build = buildNanos(group, payload);
    long serialize = serializeNanos(group, payload);
    System.out.printf(
        "push cost %-22s body=%6d B  build=%6.2f us  hessian=%7.2f us per connection (%d)%n",
        name, body.length, build / 1_000.0 / ROUNDS, serialize / 1_000.0 / ROUNDS, sink & 1);
  }

  private long buildNanos(List<Subscriber> group, PushPayload payload) {
    long start = System.nanoTime();
    int sizes = 0;
    for (int i = 0; i < ROUNDS; i++) {
      sizes += factory.build(group, payload).getSubscriberRegistIds().size();
    }
    assertThat(sizes).isEqualTo(ROUNDS);
    return System.nanoTime() - start;
  }

  private long serializeNanos(List<Subscriber> group, PushPayload payload) throws Exception {
    long start = System.nanoTime();
    long bytes = 0;
    for (int i = 0; i < ROUNDS; i++) {
      bytes += HessianCodec.instance().serialize(factory.build(group, payload)).length;
    }
    assertThat(bytes).isPositive();
    return System.nanoTime() - start;
  }

  private static Map<String, List<String>> values(ReceivedData data) {
    Map<String, List<String>> values = new HashMap<>();
    data.getData()
        .forEach((zone, boxes) -> values.put(zone, boxes.stream().map(DataBox::getData).toList()));
    return values;
  }

  private static PushPayload payload(int publishers, int valueBytes) {
    List<Publisher> list = new ArrayList<>();
    for (int i = 0; i < publishers; i++) {
      String value = ("10.0.0." + i + ":12200?") + "x".repeat(Math.max(0, valueBytes - 16));
      list.add(publisher("p" + i, "DEFAULT_ZONE", value));
    }
    return new PushPayload(new Datum(SERVICE.id(), 42L, list));
  }
}
