package io.beacon.registry.testing.process;

import io.beacon.registry.testing.cluster.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The tar.gz the {@code distribution} module's {@code package} phase built (failsafe passes its
 * path as {@code distribution.archive} and its version as {@code distribution.version}), unpacked
 * with {@code tar} into a new temporary directory, as an operator would; {@link #close()} removes
 * it. For tests that start servers from it with {@code
 * ProcessCluster.builder(name).distribution(unpacked.home())}. Immutable.
 */
public final class UnpackedDistribution implements AutoCloseable {

  private final Path directory;
  private final Path home;

  private UnpackedDistribution(Path directory, Path home) {
    this.directory = directory;
    this.home = home;
  }

  public static UnpackedDistribution unpack() throws IOException, InterruptedException {
    Path archive = Path.of(System.getProperty("distribution.archive"));
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "distribution.archive: " + archive + " (expected: the tar.gz mvn package built)");
    }
    Path directory = Files.createTempDirectory("beacon-distribution-it");
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", directory.toString())
            .redirectErrorStream(true)
            .start();
    tar.getOutputStream().close();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
      tar.destroyForcibly();
      Directories.deleteQuietly(directory);
      throw new IllegalStateException("tar -xzf " + archive + " failed: " + output);
    }
    // bin/beacon names its home by its physical path (pwd -P); so do the tests.
    return new UnpackedDistribution(
        directory, directory.resolve("beacon-" + version()).toRealPath());
  }

  /** The version the archive was built as ({@code distribution.version}). */
  public static String version() {
    return System.getProperty("distribution.version");
  }

  /** {@code beacon-<version>/}: bin, conf, lib, logs, systemd. */
  public Path home() {
    return home;
  }

  /** The temporary directory the archive was unpacked into, for a test's own files. */
  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    Directories.deleteQuietly(directory);
  }
}
