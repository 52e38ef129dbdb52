package io.beacon.registry.meta.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrainRepositoryTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  private final String cluster = TestDatabases.newClusterId();

  @ParameterizedTest
  @EnumSource(Kind.class)
  void addAndRemoveAreIdempotentAndPerCluster(Kind kind) {
    DrainRepository drains = databases.database(kind).drains();

    assertThat(drains.load(cluster)).isEmpty();
    assertThat(drains.add(cluster, "10.0.0.1", 1)).isTrue();
    assertThat(drains.add(cluster, "10.0.0.1", 2)).isFalse();
    assertThat(drains.add(cluster, "127.0.0.1:9620", 3)).isTrue();

    assertThat(drains.load(cluster)).containsExactlyInAnyOrder("10.0.0.1", "127.0.0.1:9620");
    assertThat(drains.load(TestDatabases.newClusterId())).isEmpty();

    assertThat(drains.remove(cluster, List.of("10.0.0.1", "10.0.0.9"))).isEqualTo(1);
    assertThat(drains.remove(cluster, List.of("10.0.0.1"))).isZero();
    assertThat(drains.load(cluster)).containsExactly("127.0.0.1:9620");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theListSurvivesReopeningTheDatabase(Kind kind) {
    databases.database(kind).drains().add(cluster, "10.0.0.2:9620", 1);

    try (MetaDatabase again = MetaDatabase.open(databases.settings(kind))) {
      assertThat(again.drains().load(cluster)).containsExactly("10.0.0.2:9620");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void addressesAreComparedExactly(Kind kind) {
    DrainRepository drains = databases.database(kind).drains();

    drains.add(cluster, "host-a", 1);
    assertThat(drains.add(cluster, "HOST-A", 1)).isTrue();

    assertThat(drains.load(cluster)).containsExactlyInAnyOrder("host-a", "HOST-A");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void badInputIsRefusedNamingTheField(Kind kind) {
    DrainRepository drains = databases.database(kind).drains();

    assertThatThrownBy(() -> drains.add(cluster, "", 1)).hasMessageStartingWith("address: ");
    assertThatThrownBy(() -> drains.add(cluster, "x".repeat(256), 1))
        .hasMessageStartingWith("address: ");
    assertThatThrownBy(() -> drains.remove(cluster, null)).hasMessageStartingWith("addresses: ");
    assertThat(drains.load(cluster)).isEmpty();
  }
}
