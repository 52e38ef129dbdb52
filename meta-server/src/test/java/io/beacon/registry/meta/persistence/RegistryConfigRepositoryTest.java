package io.beacon.registry.meta.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryConfigRepositoryTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  private static final String STOP_PUSH = "session.stop.push.data.switch#@#9600#@#CONFIG";
  private static final String BLACKLIST = "session.blacklist.data#@#9600#@#CONFIG";

  private final String cluster = TestDatabases.newClusterId();

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aNewClusterHasAnEmptyConfigAtVersionZero(Kind kind) {
    assertThat(databases.database(kind).config().load(cluster)).isEqualTo(ConfigSnapshot.empty());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyChangeBumpsTheVersionAndLoadReturnsEverything(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    long v1 = config.putData(cluster, STOP_PUSH, "true");
    long v2 = config.putData(cluster, BLACKLIST, "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[\"1.2.3.4\"]}}");
    long v3 = config.addClientOff(cluster, off("10.0.0.1", "10.0.0.2"));
    long v4 = config.putData(cluster, STOP_PUSH, "false");

    assertThat(List.of(v1, v2, v3, v4)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(config.load(cluster))
        .isEqualTo(
            new ConfigSnapshot(
                4,
                Map.of(
                    STOP_PUSH, "false",
                    BLACKLIST, "{\"FORBIDDEN_PUB\":{\"IP_FULL\":[\"1.2.3.4\"]}}"),
                Map.of(STOP_PUSH, 4L, BLACKLIST, 2L),
                Map.of(
                    "10.0.0.1",
                    new ClientAddress("10.0.0.1", ClientAddress.CLIENT_OFF, true, true, 3),
                    "10.0.0.2",
                    new ClientAddress("10.0.0.2", ClientAddress.CLIENT_OFF, true, true, 3))));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void removedDataDisappearsAndStillBumpsTheVersion(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();
    config.putData(cluster, STOP_PUSH, "true");
    config.putData(cluster, BLACKLIST, "{}");

    long removed = config.removeData(cluster, STOP_PUSH);
    long removedAgain = config.removeData(cluster, STOP_PUSH);

    assertThat(removedAgain).isGreaterThan(removed).isEqualTo(4);
    assertThat(config.load(cluster).data()).containsOnlyKeys(BLACKLIST);
    assertThat(config.load(cluster).dataVersions()).containsOnlyKeys(BLACKLIST);
    assertThat(config.load(cluster).dataVersion(STOP_PUSH)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void eachKeyKeepsTheVersionOfTheChangeThatLastWroteIt(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    long first = config.putData(cluster, "cfg.a", "1");
    config.putData(cluster, "cfg.b", "1");
    long rewritten = config.putData(cluster, "cfg.b", "2");
    config.addClientOff(cluster, off("10.0.0.1"));

    ConfigSnapshot snapshot = config.load(cluster);
    assertThat(snapshot.dataVersion("cfg.a")).isEqualTo(first);
    assertThat(snapshot.dataVersion("cfg.b")).isEqualTo(rewritten);
    assertThat(snapshot.version()).isGreaterThan(rewritten);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void clientOffIpsAreAddedOnceAndRemoved(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    config.addClientOff(cluster, off("10.0.0.1", "10.0.0.2", "10.0.0.1"));
    config.addClientOff(cluster, off("10.0.0.2", "fe80::1"));
    long version = config.removeClientOff(cluster, List.of("10.0.0.1", "10.9.9.9"));

    ConfigSnapshot snapshot = config.load(cluster);
    assertThat(snapshot.version()).isEqualTo(version).isEqualTo(3);
    assertThat(snapshot.clientOffIps()).containsExactlyInAnyOrder("10.0.0.2", "fe80::1");
    assertThat(config.load(TestDatabases.newClusterId()).clientOffIps()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void clientOffFlagsAndReductionsRoundTripAndMoveAnAddressBetweenOffAndReduced(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    config.addClientOff(
        cluster,
        List.of(
            new ClientOffAddress("10.1.1.3", true, true),
            new ClientOffAddress("10.1.1.4", true, false)));
    long reduced = config.reduceClientOff(cluster, List.of("10.1.1.3", "10.1.1.5"));

    ConfigSnapshot snapshot = config.load(cluster);
    assertThat(snapshot.clientOffIps()).containsExactly("10.1.1.4");
    assertThat(snapshot.reducedIps()).containsExactly("10.1.1.3", "10.1.1.5");
    assertThat(snapshot.clientAddresses().get("10.1.1.4"))
        .isEqualTo(new ClientAddress("10.1.1.4", ClientAddress.CLIENT_OFF, true, false, 1));
    assertThat(snapshot.clientAddresses().get("10.1.1.5").version()).isEqualTo(reduced);

    config.addClientOff(cluster, List.of(new ClientOffAddress("10.1.1.3", false, true)));
    config.removeClientOff(cluster, List.of("10.1.1.5"));

    snapshot = config.load(cluster);
    assertThat(snapshot.clientOffIps()).containsExactly("10.1.1.3", "10.1.1.4");
    assertThat(snapshot.reducedIps()).isEmpty();
    assertThat(snapshot.clientAddresses().get("10.1.1.3").pub()).isFalse();
    assertThat(snapshot.clientAddresses().get("10.1.1.3").sub()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keysThatDifferOnlyInCaseAreDistinctOnEveryDatabase(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    config.putData(cluster, "com.example.Service", "upper");
    config.putData(cluster, "com.example.service", "lower");

    assertThat(config.load(cluster).data())
        .containsEntry("com.example.Service", "upper")
        .containsEntry("com.example.service", "lower");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void largeJsonValuesRoundTripIntact(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();
    StringBuilder json = new StringBuilder("{\"FORBIDDEN_PUB\":{\"IP_FULL\":[");
    for (int i = 0; i < 20_000; i++) {
      json.append(i == 0 ? "" : ",").append("\"10.").append(i / 250).append('.').append(i % 250);
      json.append(".1\"");
    }
    String value = json.append("]},\"note\":\"désactivé ✓\"}").toString();
    assertThat(value.length()).isGreaterThan(200_000);

    config.putData(cluster, BLACKLIST, value);

    assertThat(config.load(cluster).data().get(BLACKLIST)).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentWritersGetDistinctVersionsWithNoneLost(Kind kind) throws Exception {
    RegistryConfigRepository config = databases.database(kind).config();
    int writers = 4;
    int writesEach = 5;
    ExecutorService executor = Executors.newFixedThreadPool(writers);
    List<Future<List<Long>>> futures = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<Long> versions = new ArrayList<>();
                  for (int i = 0; i < writesEach; i++) {
                    versions.add(config.putData(cluster, "key-" + writer, "value-" + i));
                  }
                  return versions;
                }));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> future : futures) {
        List<Long> versions = future.get();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        all.addAll(versions);
      }
      assertThat(all).hasSize(writers * writesEach);
    } finally {
      executor.shutdownNow();
    }

    ConfigSnapshot snapshot = config.load(cluster);
    assertThat(snapshot.version()).isEqualTo(writers * writesEach);
    assertThat(snapshot.data()).hasSize(writers).containsEntry("key-0", "value-4");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void invalidInputIsRejectedBeforeTouchingTheDatabase(Kind kind) {
    RegistryConfigRepository config = databases.database(kind).config();

    assertThatThrownBy(() -> config.putData(cluster, "k".repeat(513), "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: non-empty, <= 512 chars");
    assertThatThrownBy(() -> config.addClientOff(cluster, off("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ip: ");
    assertThatThrownBy(() -> config.putData(cluster, "cfg\u0000", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key: contains a control character");
    assertThatThrownBy(() -> config.putData(cluster, "cfg", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value: contains U+0000");
    assertThatThrownBy(() -> config.addClientOff(cluster, off("\u0000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ip: contains a control character");
    assertThatThrownBy(() -> config.load(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusterId: ");
    assertThat(config.load(cluster).version()).isZero();
  }

  private static List<ClientOffAddress> off(String... ips) {
    return java.util.Arrays.stream(ips).map(ClientOffAddress::of).toList();
  }
}
