package io.beacon.registry.it;

import static io.beacon.registry.it.AdminHttp.ok;
import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.client.api.ConfigDataObserver;
import com.alipay.sofa.registry.client.api.Configurator;
import com.alipay.sofa.registry.client.api.model.ConfigData;
import com.alipay.sofa.registry.client.api.registration.ConfiguratorRegistration;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Configurators ({@code ConfiguratorRegistration} of the official 6.3.0 client) get the provide
 * data of their dataInfoId and every later change, written through meta's {@code
 * /persistentData/put} and {@code /remove}: something the reference's 6.3.0 cannot do ({@code
 * ConfiguratorReferenceIT}). The client's default group and instance are {@code DEFAULT_GROUP} and
 * {@code DEFAULT_INSTANCE_ID}, so the put names them.
 */
class ConfigIT {

  private static InProcessCluster cluster;
  @RegisterExtension final OfficialClients clients = new OfficialClients();

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.builder().metaNodes(1).dataNodes(1).sessionNodes(2).build();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** What one configurator's observer was told, in order (null for no value). */
  static final class Observed implements ConfigDataObserver {
    final List<Optional<String>> values = new CopyOnWriteArrayList<>();

    @Override
    public void handleData(String dataId, ConfigData data) {
      values.add(Optional.ofNullable(data.getData()));
    }

    Optional<String> last() {
      return values.isEmpty() ? null : values.get(values.size() - 1);
    }
  }

  @Test
  void aConfiguratorGetsTheValueOfItsKeyAndEveryLaterChangeOnEverySession() {
    String dataId = "cfg-" + UUID.randomUUID();
    Observed early = new Observed();
    Configurator configurator = watch(0, dataId, early);
    await().until(() -> early.last() != null);
    assertThat(early.values.get(0)).isEmpty();

    put(dataId, "v1");
    await().until(() -> Optional.of("v1").equals(early.last()));
    put(dataId, "v2");
    await().until(() -> Optional.of("v2").equals(early.last()));
    remove(dataId);
    await().until(() -> Optional.<String>empty().equals(early.last()));
    assertThat(configurator.peekData().getData()).isNull();

    put(dataId, "v3");
    await().until(() -> Optional.of("v3").equals(early.last()));
    assertThat(configurator.peekData().getData()).isEqualTo("v3");
    Observed lateHere = new Observed();
    Observed lateThere = new Observed();
    watch(0, dataId, lateHere);
    watch(1, dataId, lateThere);
    await().until(() -> lateHere.last() != null && lateThere.last() != null);
    assertThat(lateHere.values.get(0)).contains("v3");
    assertThat(lateThere.values.get(0)).contains("v3");
    System.out.printf("configurator saw %s%n", early.values);
  }

  private Configurator watch(int session, String dataId, Observed observed) {
    return clients
        .pinnedTo(cluster.session(session))
        .raw()
        .register(new ConfiguratorRegistration(dataId, observed));
  }

  private static void put(String dataId, String value) {
    ok(
        AdminHttp.postJson(
            cluster.meta(0).httpPort(),
            "/persistentData/put",
            "{\"dataId\":\""
                + dataId
                + "\",\"group\":\"DEFAULT_GROUP\",\"instanceId\":\"DEFAULT_INSTANCE_ID\","
                + "\"version\":1,\"data\":\""
                + value
                + "\"}"));
  }

  private static void remove(String dataId) {
    ok(
        AdminHttp.postJson(
            cluster.meta(0).httpPort(),
            "/persistentData/remove",
            "{\"dataId\":\""
                + dataId
                + "\",\"group\":\"DEFAULT_GROUP\",\"instanceId\":\"DEFAULT_INSTANCE_ID\"}"));
  }
}
