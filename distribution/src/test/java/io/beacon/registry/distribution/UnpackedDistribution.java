package io.beacon.registry.distribution;

import io.beacon.registry.testing.cluster.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tar.gz this module's {@code package} phase built (failsafe passes its path as {@code
 * distribution.archive}), unpacked with {@code tar} into a new temporary directory, as an operator
 * would; {@link #close()} removes it. For tests that start servers from it with {@code
 * ProcessCluster.builder(name).distribution(unpacked.home())}. Immutable.
 */
final class UnpackedDistribution implements AutoCloseable {

  private final Path directory;
  private final Path home;

  private UnpackedDistribution(Path directory, Path home) {
    this.directory = directory;
    this.home = home;
  }

  static UnpackedDistribution unpack() throws IOException, InterruptedException {
    Path archive = Path.of(System.getProperty("distribution.archive"));
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "distribution.archive: " + archive + " (expected: the tar.gz mvn package built)");
    }
    Path directory = Files.createTempDirectory("beacon-distribution-it");
    Commands.Result tar =
        Commands.run(List.of("tar", "-xzf", archive.toString(), "-C", directory.toString()));
    if (tar.exit() != 0) {
      Directories.deleteQuietly(directory);
      throw new IllegalStateException("tar exited " + tar.exit() + ": " + tar.output());
    }
    // bin/beacon names its home by its physical path (pwd -P); so do the tests.
    return new UnpackedDistribution(
        directory, directory.resolve("beacon-" + version()).toRealPath());
  }

  /** The version the archive was built as ({@code distribution.version}). */
  static String version() {
    return System.getProperty("distribution.version");
  }

  /** {@code beacon-<version>/}: bin, conf, lib, logs, systemd. */
  Path home() {
    return home;
  }

  /** The temporary directory the archive was unpacked into, for a test's own files. */
  Path directory() {
    return directory;
  }

  @Override
  public void close() {
    Directories.deleteQuietly(directory);
  }
}
