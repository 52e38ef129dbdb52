package io.beacon.registry.bench;

import io.beacon.registry.testing.cluster.Directories;
import io.beacon.registry.testing.process.JvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Beacon's standalone registry ({@code java -jar beacon-standalone.jar}) as a child process on the
 * reference's fixed ports 9600.., with the same heap options as the reference's JVM. Ready when
 * session 9603, meta 9615 and data 9622 answer {@code /health/check}. A shutdown hook kills it if
 * the benchmark exits without closing it. Guarded by {@code this}.
 */
final class StandaloneTarget implements RegistryTarget {

  static final List<String> JVM_OPTIONS =
      Stream.of(
              List.of("-Xms256m", "-Xmx1g"),
              JvmFlags.ADD_OPENS,
              List.of("-Djava.net.preferIPv4Stack=true", "-Dsofa.middleware.log.disable=true"))
          .flatMap(List::stream)
          .toList();

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> HEALTH = List.of("127.0.0.1:9603", "127.0.0.1:9615");
  private static final String DATA_HTTP = "127.0.0.1:9622";
  private static final String SESSION_HTTP = "127.0.0.1:9603";

  private final Path jar;
  private final Path runDir;
  private final Thread reaper;
  private Process process;
  private long startupMillis;

  private StandaloneTarget(Path jar, Path runDir) {
    this.jar = jar;
    this.runDir = runDir;
    this.reaper = new Thread(this::kill, "standalone-reaper");
  }

  static StandaloneTarget start(Path jar, Path runDir) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "standalone jar: "
              + jar.toAbsolutePath()
              + " (expected: `mvn -pl standalone -am package`)");
    }
    StandaloneTarget target = new StandaloneTarget(jar, runDir);
    target.launch();
    return target;
  }

  private synchronized void launch() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--beacon.meta.data-dir=" + runDir.resolve("meta").toAbsolutePath());
    long start = System.nanoTime();
    try {
      Directories.deleteRecursively(runDir);
      Files.createDirectories(runDir);
      process =
          new ProcessBuilder(command)
              .directory(runDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.to(runDir.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the standalone registry", e);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
    boolean ready =
        Poll.until(
            () ->
                !process.isAlive()
                    || (HEALTH.stream().allMatch(HttpCounts::healthy)
                        && HttpCounts.healthy(DATA_HTTP)),
            READY_TIMEOUT,
            Duration.ofMillis(200));
    if (!ready || !process.isAlive()) {
      close();
      throw new IllegalStateException(
          "standalone registry not healthy within " + READY_TIMEOUT + "; log " + logFile());
    }
    startupMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  Path logFile() {
    return runDir.resolve("server.log").toAbsolutePath();
  }

  @Override
  public String name() {
    return "standalone";
  }

  @Override
  public List<String> sessionAddresses() {
    return List.of("127.0.0.1:9600");
  }

  @Override
  public long storedPublisherCopies() {
    return HttpCounts.beaconPublishers(List.of(DATA_HTTP));
  }

  @Override
  public List<String> beaconSessionHttpAddresses() {
    return List.of(SESSION_HTTP);
  }

  @Override
  public int copiesPerPublisher() {
    return 1;
  }

  @Override
  public synchronized List<ServerPid> servers() {
    return List.of(new ServerPid("standalone", process.pid()));
  }

  @Override
  public synchronized Map<String, Object> description() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("command", "java " + String.join(" ", JVM_OPTIONS) + " -jar " + jar.getFileName());
    out.put("startupMillis", startupMillis);
    out.put("log", logFile().toString());
    return out;
  }

  @Override
  public synchronized void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway and finds the process gone.
    }
  }

  private synchronized void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
