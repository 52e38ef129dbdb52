package io.beacon.registry.meta.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.meta.persistence.DatabaseFixture;
import io.beacon.registry.meta.persistence.MetaDatabase;
import io.beacon.registry.meta.persistence.TestDatabases;
import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import io.beacon.registry.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Election against every supported database, each meta server with its own connection pool as if it
 * were its own process.
 */
class LeaseElectorDatabasesTest {

  @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();

  private static final Duration LEASE = LeaseElector.DEFAULT_LEASE;
  private static final Duration RENEW = LeaseElector.DEFAULT_RENEW_INTERVAL;
  private static final Duration STEP = Duration.ofMillis(250);

  private final ManualClock clock = new ManualClock();
  private final String cluster = TestDatabases.newClusterId();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeResources() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private MetaDatabase pool(Kind kind) {
    MetaDatabase database = MetaDatabase.open(databases.settings(kind));
    resources.add(database);
    return database;
  }

  private LeaseElector elector(String name, MetaDatabase database) {
    LeaseElector elector =
        new LeaseElector(
            database.leases(),
            cluster,
            name + ":9611",
            name + ":9615",
            LEASE,
            RENEW,
            clock::millis,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            (leader, lease) -> {});
    resources.add(0, elector::abandon);
    return elector;
  }

  private static List<LeaseElector> leaders(LeaseElector... electors) {
    return Stream.of(electors).filter(LeaseElector::isLeader).toList();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void oneLeaderSurvivesLosingItsDatabaseAndThenAHandover(Kind kind) {
    MetaDatabase poolA = pool(kind);
    LeaseElector a = elector("a", poolA);
    LeaseElector b = elector("b", pool(kind));
    LeaseElector c = elector("c", pool(kind));
    a.tick();
    b.tick();
    c.tick();
    assertThat(leaders(a, b, c)).containsExactly(a);
    long start = clock.millis();

    poolA.close();
    long aStopped = -1;
    while (leaders(b, c).isEmpty()) {
      clock.advance(STEP);
      a.tick();
      b.tick();
      c.tick();
      assertThat(leaders(a, b, c)).hasSizeLessThanOrEqualTo(1);
      if (aStopped < 0 && !a.isLeader()) {
        aStopped = clock.millis();
      }
    }
    assertThat(aStopped - start).isEqualTo(LEASE.minus(RENEW).toMillis());
    assertThat(clock.millis() - start).isEqualTo(LEASE.toMillis());
    LeaseElector second = leaders(b, c).get(0);
    LeaseElector third = second == b ? c : b;
    assertThat(second.term()).isEqualTo(2);

    second.close();
    third.tick();

    assertThat(leaders(a, b, c)).containsExactly(third);
    assertThat(third.term()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void withTheRealDatabaseClockALoneMetaLeadsAtOnceAndReleasesOnClose(Kind kind) {
    MetaDatabase database = pool(kind);
    LeaseElector a =
        new LeaseElector(
            database.leases(),
            cluster,
            "a:9611",
            "a:9615",
            LEASE,
            RENEW,
            database::databaseTimeMillis,
            System::nanoTime,
            (leader, lease) -> {});

    a.tick();
    assertThat(a.isLeader()).isTrue();
    assertThat(a.knownLease().orElseThrow().expiresAtMillis())
        .isGreaterThan(database.databaseTimeMillis());

    a.close();
    assertThat(a.isLeader()).isFalse();
    assertThat(database.leases().read(cluster).orElseThrow().expiresAtMillis())
        .isLessThanOrEqualTo(database.databaseTimeMillis());
  }
}
