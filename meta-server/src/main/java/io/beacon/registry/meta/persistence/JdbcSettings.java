package io.beacon.registry.meta.persistence;

import java.nio.file.Path;

/**
 * How to reach the meta database: a JDBC URL ({@code jdbc:h2:}, {@code jdbc:postgresql:}, {@code
 * jdbc:mariadb:} or {@code jdbc:mysql:}), credentials and the pool size. Immutable; {@link
 * #toString()} hides the password.
 */
public record JdbcSettings(String url, String user, String password, int maxPoolSize) {

  /** Enough for the election thread, the meta loop and the admin HTTP threads. */
  public static final int DEFAULT_MAX_POOL_SIZE = 4;

  public JdbcSettings {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("url: " + url + " (expected: a jdbc: URL)");
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize: " + maxPoolSize + " (expected: >= 1)");
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  public static JdbcSettings of(String url, String user, String password) {
    return new JdbcSettings(url, user, password, DEFAULT_MAX_POOL_SIZE);
  }

  /**
   * An embedded H2 database in files under {@code dataDir}. {@code AUTO_SERVER} lets several meta
   * servers share it, in one JVM (they share the engine) or in several processes (the first opener
   * serves the others over loopback TCP; when it dies, another takes over and the rest reconnect).
   * {@code WRITE_DELAY=0} makes each commit durable at once, so killing the serving process loses
   * no committed switch.
   */
  public static JdbcSettings h2File(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("beacon-meta");
    return of("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "sa", "");
  }

  @Override
  public String toString() {
    return "JdbcSettings[url="
        + url
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
