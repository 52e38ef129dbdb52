package io.beacon.registry.meta.persistence;

import io.beacon.registry.meta.persistence.TestDatabases.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One open {@link MetaDatabase} per {@link Kind} for a test class, opened on first use and closed
 * after the class; H2 lives in a temporary directory deleted afterwards. Register it as
 * {@code @RegisterExtension static final DatabaseFixture databases = new DatabaseFixture();} and
 * give each test its own {@link TestDatabases#newClusterId()}. Thread-safe.
 */
public final class DatabaseFixture implements AfterAllCallback {

  private final Map<Kind, MetaDatabase> open = new EnumMap<>(Kind.class);
  private Path h2Dir;

  /** The shared database of {@code kind}, opened (and migrated) on first use. */
  public synchronized MetaDatabase database(Kind kind) {
    return open.computeIfAbsent(kind, k -> MetaDatabase.open(settings(k)));
  }

  /** Settings of the same database, e.g. to open a second pool as another meta server would. */
  public synchronized JdbcSettings settings(Kind kind) {
    if (kind == Kind.H2 && h2Dir == null) {
      try {
        h2Dir = Files.createTempDirectory("beacon-meta-h2");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return TestDatabases.settings(kind, h2Dir);
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws IOException {
    open.values().forEach(MetaDatabase::close);
    open.clear();
    if (h2Dir != null) {
      try (Stream<Path> files = Files.walk(h2Dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
      h2Dir = null;
    }
  }
}
