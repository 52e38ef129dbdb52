package io.beacon.registry.meta.persistence;

import io.beacon.registry.testing.Awaits;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases meta tests run against: embedded H2, and the machine's PostgreSQL and MariaDB (see
 * the machine notes: 127.0.0.1, database {@code test}, trust / empty-password auth). A server that
 * is down is started once per JVM with the machine's start command; if it is still unreachable
 * after {@link #START_TIMEOUT}, the test fails: it never skips, so CI notices. Thread-safe.
 */
public final class TestDatabases {

  /** The databases every repository and election test runs against, in one run. */
  public enum Kind {
    H2,
    POSTGRESQL,
    MARIADB
  }

  public static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);
  private static final String POSTGRESQL_START =
      "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
  private static final String MARIADB_START =
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
  private static final Set<Kind> RUNNING = ConcurrentHashMap.newKeySet();

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
    JdbcSettings settings = JdbcSettings.of(POSTGRESQL_URL, "postgres", "");
    ensureRunning(Kind.POSTGRESQL, settings, POSTGRESQL_START);
    return settings;
  }

  /** The local MariaDB as {@code root} with an empty password, started if it is down. */
  public static JdbcSettings mariadb() {
    JdbcSettings settings = JdbcSettings.of(MARIADB_URL, "root", "");
    ensureRunning(Kind.MARIADB, settings, MARIADB_START);
    return settings;
  }

  /** A cluster id no other test uses, so tests share databases without seeing each other. */
  public static String newClusterId() {
    return "test-" + UUID.randomUUID();
  }

  private static void ensureRunning(Kind kind, JdbcSettings settings, String startCommand) {
    if (RUNNING.contains(kind)) {
      return;
    }
    synchronized (TestDatabases.class) {
      if (!RUNNING.contains(kind) && !reachable(settings)) {
        log.warn("test database down, starting it kind={} command={}", kind, startCommand);
        start(startCommand);
        Awaits.await("test database " + kind + " reachable at " + settings.url())
            .atMost(START_TIMEOUT)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> reachable(settings));
      }
      RUNNING.add(kind);
    }
  }

  static boolean reachable(JdbcSettings settings) {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", settings.url().contains("mariadb") ? "2000" : "2");
    try (Connection connection = DriverManager.getConnection(settings.url(), properties)) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void start(String command) {
    try {
      Process process =
          new ProcessBuilder("sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      log.warn("test database start command failed command={}", command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
