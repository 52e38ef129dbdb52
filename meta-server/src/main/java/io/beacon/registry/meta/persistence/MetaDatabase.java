package io.beacon.registry.meta.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta database: a HikariCP pool whose schema Flyway brought up to date when it was opened, and
 * the repositories over it. The pool and the repositories are thread-safe; {@link #close()} closes
 * the pool, after which every operation fails with {@link PersistenceException}.
 */
public final class MetaDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetaDatabase.class);
  private static final String HISTORY_TABLE = "beacon_schema_history";
  private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
  private static final long VALIDATION_TIMEOUT_MILLIS = 2_000;
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;
  private final int migrationsExecuted;
  private final String schemaVersion;
  private final LeaderLeaseRepository leases;
  private final EpochRepository epochs;
  private final RegistryConfigRepository config;
  private final DrainRepository drains;

  private MetaDatabase(
      HikariDataSource dataSource, SqlDialect dialect, Migration migration, Jdbc jdbc) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.migrationsExecuted = migration.executed();
    this.schemaVersion = migration.schemaVersion();
    this.leases = new JdbcLeaderLeaseRepository(jdbc);
    this.epochs = new JdbcEpochRepository(jdbc);
    this.config = new JdbcRegistryConfigRepository(jdbc);
    this.drains = new JdbcDrainRepository(jdbc);
  }

  /**
   * Opens the pool (failing fast if the database is unreachable) and migrates the schema. Several
   * meta servers may open the same database at once: Flyway serializes their migrations.
   */
  public static MetaDatabase open(JdbcSettings settings) {
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(poolConfig(settings));
    } catch (RuntimeException e) {
      throw new PersistenceException("open url=" + settings.url(), e);
    }
    try {
      SqlDialect dialect = detectDialect(dataSource);
      Migration migration = migrate(dataSource, dialect);
      MetaDatabase database =
          new MetaDatabase(dataSource, dialect, migration, new Jdbc(dataSource));
      log.info(
          "meta database opened url={} dialect={} schemaVersion={} migrationsExecuted={}",
          settings.url(),
          dialect,
          database.schemaVersion,
          database.migrationsExecuted);
      return database;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e instanceof PersistenceException ? e : new PersistenceException("migrate", e);
    }
  }

  /**
   * The database's current time in epoch milliseconds, from one query. All meta servers of a
   * cluster measure leases with this one clock, so their own clock skew does not matter.
   */
  public long databaseTimeMillis() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = Jdbc.prepare(connection, dialect.nowMillisQuery());
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException | RuntimeException e) {
      throw new PersistenceException("databaseTime", e);
    }
  }

  public LeaderLeaseRepository leases() {
    return leases;
  }

  public EpochRepository epochs() {
    return epochs;
  }

  public RegistryConfigRepository config() {
    return config;
  }

  public DrainRepository drains() {
    return drains;
  }

  /** The schema version after opening, e.g. {@code "1"}. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** How many migrations this open applied (0 when the schema was already current). */
  public int migrationsExecuted() {
    return migrationsExecuted;
  }

  /** Closes the pool. Idempotent. */
  @Override
  public void close() {
    if (!dataSource.isClosed()) {
      dataSource.close();
      log.info("meta database closed pool={}", dataSource.getPoolName());
    }
  }

  private static HikariConfig poolConfig(JdbcSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("beacon-meta-db-" + POOL_IDS.incrementAndGet());
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
    return config;
  }

  private static SqlDialect detectDialect(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return SqlDialect.of(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new PersistenceException("detectDialect", e);
    }
  }

  /**
   * Applies the migrations under {@code db/migration}. Our own history table, and a baseline at
   * version 0 when the schema already holds other tables, let a shared database work.
   */
  private static Migration migrate(HikariDataSource dataSource, SqlDialect dialect) {
    Flyway flyway =
        Flyway.configure(MetaDatabase.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholders(dialect.placeholders())
            .load();
    int executed = flyway.migrate().migrationsExecuted;
    MigrationInfo current = flyway.info().current();
    return new Migration(executed, current == null ? "0" : current.getVersion().getVersion());
  }

  private record Migration(int executed, String schemaVersion) {}
}
