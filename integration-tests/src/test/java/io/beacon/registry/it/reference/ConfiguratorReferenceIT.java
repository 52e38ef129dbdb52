package io.beacon.registry.it.reference;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.ConfigDataObserver;
import com.alipay.sofa.registry.client.api.model.ConfigData;
import com.alipay.sofa.registry.client.api.registration.ConfiguratorRegistration;
import io.beacon.registry.it.AdminHttp;
import io.beacon.registry.it.OfficialClient;
import io.beacon.registry.testing.cluster.InProcessCluster;
import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code ConfiguratorRegistration} of the official client, then a {@code /persistentData/put} of
 * its key, on the published SOFARegistry 6.3.0 server (default settings) and on Beacon. Both push
 * the configurator once with no value when it registers; then the documented difference: the
 * reference never pushes the value (its config watching is off by default, and when on, its fetch
 * from meta is unimplemented in 6.3.0), Beacon pushes it.
 */
class ConfiguratorReferenceIT {

  private static final Duration QUIET = Duration.ofSeconds(8);

  @RegisterExtension final ReferenceLogsOnFailure logs = new ReferenceLogsOnFailure();

  /** Every value a configurator's observer was told (empty for none). */
  private static final class Observed implements ConfigDataObserver {
    final List<Optional<String>> values = new CopyOnWriteArrayList<>();

    @Override
    public void handleData(String dataId, ConfigData data) {
      values.add(Optional.ofNullable(data.getData()));
    }
  }

  @Test
  void bothPushNoValueAtRegistrationAndOnlyBeaconPushesTheValuePutAfter(TestInfo test) {
    List<Optional<String>> reference;
    try (ReferenceRegistry registry =
        ReferenceRegistry.start(ReferenceLogsOnFailure.runName(test))) {
      reference =
          script(ReferenceRegistry.SESSION_CLIENT_PORT, ReferenceRegistry.META_HTTP_PORT, false);
      assertThat(registry.isAlive()).isTrue();
    }
    List<Optional<String>> beacon;
    try (InProcessCluster cluster =
        InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(1).build()) {
      beacon = script(cluster.session(0).clientPort(), cluster.meta(0).httpPort(), true);
    }
    System.out.printf(
        "reference configurator saw %s%nbeacon configurator saw %s%n", reference, beacon);

    assertThat(reference).containsExactly(Optional.empty());
    assertThat(beacon).containsExactly(Optional.empty(), Optional.of("v1"));
  }

  private static List<Optional<String>> script(int clientPort, int metaHttp, boolean pushes) {
    String dataId = "cfg-ref-" + UUID.randomUUID();
    Observed observed = new Observed();
    try (OfficialClient client = OfficialClient.pinnedToPort(clientPort)) {
      client.raw().register(new ConfiguratorRegistration(dataId, observed));
      await().atMost(Duration.ofSeconds(20)).until(() -> !observed.values.isEmpty());

      AdminHttp.ok(
          AdminHttp.postJson(
              metaHttp,
              "/persistentData/put",
              "{\"dataId\":\""
                  + dataId
                  + "\",\"group\":\"DEFAULT_GROUP\",\"instanceId\":\"DEFAULT_INSTANCE_ID\","
                  + "\"version\":"
                  + System.currentTimeMillis()
                  + ",\"data\":\"v1\"}"));
      if (pushes) {
        await().until(() -> observed.values.contains(Optional.of("v1")));
      } else {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> observed.values.size() == 1);
      }
      return List.copyOf(observed.values);
    }
  }
}
