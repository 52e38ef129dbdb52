package io.beacon.registry.meta.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MetaDatabaseTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  @ParameterizedTest
  @EnumSource(Kind.class)
  void migrationsBringTheSchemaToTheLatestVersionAndReopeningAppliesNothing(Kind kind) {
    assertThat(databases.database(kind).schemaVersion()).isEqualTo("3");

    try (MetaDatabase again = MetaDatabase.open(databases.settings(kind))) {
      assertThat(again.migrationsExecuted()).isZero();
      assertThat(again.schemaVersion()).isEqualTo("3");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void databaseTimeIsTheServersClockInEpochMillis(Kind kind) {
    long before = System.currentTimeMillis();
    long databaseTime = databases.database(kind).databaseTimeMillis();
    long after = System.currentTimeMillis();

    // Same machine: the database clock is the local wall clock, give or take rounding.
    assertThat(databaseTime).isBetween(before - 1_000, after + 1_000);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoPoolsOnOneDatabaseSeeEachOthersWrites(Kind kind) {
    String cluster = TestDatabases.newClusterId();
    try (MetaDatabase other = MetaDatabase.open(databases.settings(kind))) {
      other.config().putData(cluster, "k", "v");

      assertThat(databases.database(kind).config().load(cluster).data()).containsEntry("k", "v");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void operationsOnAClosedDatabaseFailWithThePersistenceExceptionNamingThem(Kind kind) {
    MetaDatabase closed = MetaDatabase.open(databases.settings(kind));
    closed.close();
    closed.close();

    assertThatThrownBy(() -> closed.leases().read("c1"))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("readLease cluster=c1");
    assertThatThrownBy(closed::databaseTimeMillis)
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("databaseTime");
  }

  @Test
  void anEmbeddedH2DatabaseKeepsItsContentAcrossARestart(@TempDir Path dataDir) {
    String cluster = TestDatabases.newClusterId();
    try (MetaDatabase first = MetaDatabase.open(JdbcSettings.h2File(dataDir))) {
      assertThat(first.migrationsExecuted()).isEqualTo(3);
      first.config().putData(cluster, "session.stop.push.data.switch", "true");
      first.config().addClientOff(cluster, java.util.List.of(ClientOffAddress.of("10.0.0.1")));
      first.epochs().raiseTo(cluster, 42);
    }

    try (MetaDatabase second = MetaDatabase.open(JdbcSettings.h2File(dataDir))) {
      ConfigSnapshot config = second.config().load(cluster);
      assertThat(config.version()).isEqualTo(2);
      assertThat(config.data()).containsEntry("session.stop.push.data.switch", "true");
      assertThat(config.clientOffIps()).containsExactly("10.0.0.1");
      assertThat(second.epochs().highest(cluster)).isEqualTo(42);
    }
  }

  /** V3 on a database whose client-off rows V1 wrote: they stay turned off, both flags set. */
  @Test
  void clientOffRowsWrittenBeforeTheClientManagerMigrationStayOffWithBothFlags(
      @TempDir Path dataDir) throws Exception {
    JdbcSettings settings = JdbcSettings.h2File(dataDir);
    Flyway.configure(MetaDatabase.class.getClassLoader())
        .dataSource(settings.url(), settings.user(), settings.password())
        .locations("classpath:db/migration")
        .table("beacon_schema_history")
        .placeholders(SqlDialect.of("H2").placeholders())
        .target("2")
        .load()
        .migrate();
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO beacon_config_version (cluster_id, config_version) VALUES ('c1', 4)");
      statement.executeUpdate(
          "INSERT INTO beacon_client_off (cluster_id, address, data_version)"
              + " VALUES ('c1', '10.0.0.1', 4)");
    }

    try (MetaDatabase upgraded = MetaDatabase.open(settings)) {
      assertThat(upgraded.migrationsExecuted()).isEqualTo(1);
      assertThat(upgraded.config().load("c1").clientAddresses())
          .containsExactly(
              java.util.Map.entry(
                  "10.0.0.1",
                  new ClientAddress("10.0.0.1", ClientAddress.CLIENT_OFF, true, true, 4)));
    }
  }

  @Test
  void anUnreachableDatabaseFailsToOpenNamingTheUrl() {
    JdbcSettings nowhere = JdbcSettings.of("jdbc:postgresql://127.0.0.1:1/test", "postgres", "");

    assertThatThrownBy(() -> MetaDatabase.open(nowhere))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("open url=jdbc:postgresql://127.0.0.1:1/test");
  }

  @Test
  void settingsHideThePasswordAndRejectNonsense() {
    assertThat(new JdbcSettings("jdbc:h2:mem:x", "sa", "secret", 2).toString())
        .doesNotContain("secret")
        .contains("password=***");
    assertThatThrownBy(() -> JdbcSettings.of("h2:mem:x", "sa", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: a jdbc: URL");
    assertThatThrownBy(() -> new JdbcSettings("jdbc:h2:mem:x", "sa", "", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmbeddedH2UrlIsFileBackedAndSharable(@TempDir Path dataDir) {
    JdbcSettings settings = JdbcSettings.h2File(dataDir);

    assertThat(settings.url())
        .startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath())
        .contains("AUTO_SERVER=TRUE");
    assertThat(settings.user()).isEqualTo("sa");
    assertThat(settings.password()).isEmpty();
  }
}
