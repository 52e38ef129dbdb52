package io.beacon.registry.testing.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the working directories of test and benchmark servers. Stateless. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code dir} and everything below it; nothing if it does not exist. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * As {@link #deleteRecursively}, but a directory left behind is harmless: failures are ignored.
   */
  public static void deleteQuietly(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
