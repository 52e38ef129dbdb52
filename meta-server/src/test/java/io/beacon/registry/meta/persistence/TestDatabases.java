package io.beacon.registry.meta.persistence;

import io.beacon.registry.testing.LocalDatabases;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The databases meta tests run against: embedded H2, and the machine's PostgreSQL and MariaDB
 * ({@link LocalDatabases}: started if they are down; a test fails, never skips, when one stays
 * unreachable). Stateless.
 */
public final class TestDatabases {

  /** The databases every repository and election test runs against, in one run. */
  public enum Kind {
    H2,
    POSTGRESQL,
    MARIADB
  }

  public static final String POSTGRESQL_URL = LocalDatabases.POSTGRESQL.url();
  public static final String MARIADB_URL = LocalDatabases.MARIADB.url();

  private TestDatabases() {}

  /** Settings for {@code kind}; H2 lives in files under {@code h2Dir}. */
  public static JdbcSettings settings(Kind kind, Path h2Dir) {
    return switch (kind) {
      case H2 -> JdbcSettings.h2File(h2Dir);
      case POSTGRESQL -> postgresql();
      case MARIADB -> mariadb();
    };
  }

  /** The local PostgreSQL as role {@code postgres} (trust auth), started if it is down. */
  public static JdbcSettings postgresql() {
    return settings(LocalDatabases.POSTGRESQL.ensureRunning());
  }

  /** The local MariaDB as {@code root} with an empty password, started if it is down. */
  public static JdbcSettings mariadb() {
    return settings(LocalDatabases.MARIADB.ensureRunning());
  }

  /** A cluster id no other test uses, so tests share databases without seeing each other. */
  public static String newClusterId() {
    return "test-" + UUID.randomUUID();
  }

  private static JdbcSettings settings(LocalDatabases database) {
    return JdbcSettings.of(database.url(), database.user(), database.password());
  }
}
