package io.beacon.registry.testing.reference;

import io.beacon.registry.testing.Awaits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The published SOFARegistry 6.3.0 all-in-one server (meta, data and session in one JVM), for
 * comparison tests and benchmarks. {@link #start} checks that its fixed ports are free, launches it
 * in a JVM of its own on its embedded H2 profile ({@link ReferenceLaunch}) and waits until meta,
 * data and session answer {@code GET /health/check} with {@code "success":true}; {@link #close}
 * stops it. Its ports are fixed (9600 session Bolt, 9603 session HTTP, 9615 meta HTTP, 9622 data
 * HTTP and more), so one runs at a time on a machine. It advertises the machine's first
 * non-loopback address, never a loopback one; connect the official client straight to {@code
 * 127.0.0.1:9600} (integration-tests' {@code OfficialClient.pinnedToPort(SESSION_CLIENT_PORT)}).
 *
 * <p>No server outlives the JVM that started it: {@link #close} sends SIGTERM (SIGKILL after 15 s),
 * a shutdown hook kills it when a test did not close it, and {@link
 * io.beacon.registry.testing.process.OrphanGuard} halts it when that JVM dies of {@code kill -9}.
 *
 * <p>From the command line, once integration-tests' {@code reference} Maven profile has run (it
 * writes both classpath files; integration-tests' test classpath holds this class):
 *
 * <pre>
 * cd integration-tests
 * java -cp "$(cat target/reference-registry/launcher.classpath)" \
 *     io.beacon.registry.testing.reference.ReferenceRegistry [--fast-push] [key=value ...]
 * </pre>
 *
 * It runs until its standard input closes (Ctrl-D) or Ctrl-C; logs go to {@code
 * target/reference-registry/cli/}.
 *
 * <p>Guarded by {@code this}: the process and its state. The test thread starts and closes it; the
 * shutdown hook may kill it at any time.
 */
public final class ReferenceRegistry implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final int SESSION_CLIENT_PORT = 9600;
  public static final int SESSION_HTTP_PORT = 9603;
  public static final int META_HTTP_PORT = 9615;
  public static final int DATA_HTTP_PORT = 9622;

  /** Every port the reference binds, H2's web console (9630) included. */
  static final List<Integer> FIXED_PORTS =
      List.of(
          9600, 9602, 9603, 9604, 9610, 9611, 9612, 9615, 9617, 9620, 9621, 9622, 9623, 9627, 9630);

  /** Run directories, relative to the working directory (the module's, under Maven). */
  public static final Path ROOT = Path.of("target", "reference-registry");

  /**
   * Its push batching timers at 10 / 10 / 50 / 10 ms instead of 500 / 1000 / 3000 / 500: a
   * republish then reaches subscribers in about 0.7 s instead of 2 s. Quote both when comparing.
   */
  public static final Map<String, String> FAST_PUSH =
      Map.of(
          "data.server.notifyIntervalMillis", "10",
          "session.server.dataChangeDebouncingMillis", "10",
          "session.server.dataChangeMaxDebouncingMillis", "50",
          "session.server.pushDataTaskDebouncingMillis", "10");

  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final int TAIL_LINES = 60;
  private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();

  private final Path logFile;
  private final Thread reaper;
  private Process process;
  private Duration startupTime;
  private boolean stopped;

  private ReferenceRegistry(Path logFile) {
    this.logFile = logFile;
    this.reaper = new Thread(this::kill, "reference-registry-reaper");
  }

  /** Starts a server logging under {@code ROOT/runName} and returns once it is healthy. */
  public static ReferenceRegistry start(String runName) {
    return start(runName, Map.of());
  }

  /** As {@link #start(String)}, with {@code properties} added to (or over) its H2 profile. */
  public static ReferenceRegistry start(String runName, Map<String, String> properties) {
    requirePortsFree();
    ReferenceLaunch launch;
    try {
      launch = ReferenceLaunch.prepare(ROOT.resolve(runName), properties);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the reference server run " + runName, e);
    }
    ReferenceRegistry registry = new ReferenceRegistry(launch.logFile());
    registry.launch(launch);
    registry.awaitReady();
    return registry;
  }

  /** How long it took from launch until all three roles were healthy. */
  public synchronized Duration startupTime() {
    return startupTime;
  }

  /** Its standard output and error. Its log prints a literal {@code %n} for newlines. */
  public Path logFile() {
    return logFile;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The last {@code lines} lines of its log, with its {@code %n} read as newlines. */
  public String logTail(int lines) {
    return logTail(logFile, lines);
  }

  /** As {@link #logTail(int)}, of any reference server log (a failed test's, after the fact). */
  public static String logTail(Path log, int lines) {
    try {
      List<String> all =
          List.of(Files.readString(log, StandardCharsets.UTF_8).replace("%n", "\n").split("\n"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** SIGTERM, then SIGKILL if it is still alive 15 s later; returns once it has exited. */
  @Override
  public synchronized void close() {
    if (process == null || stopped) {
      return;
    }
    stopped = true;
    long start = System.nanoTime();
    List<ProcessHandle> descendants = process.descendants().toList();
    // SIGTERM through the handle: Process.destroy() would also close the server's standard input,
    // and OrphanGuard would halt it at once instead of letting it shut down.
    process.toHandle().destroy();
    descendants.forEach(ProcessHandle::destroy);
    if (!awaitExit()) {
      kill();
      if (!awaitExit()) {
        throw new IllegalStateException(
            "reference server pid " + process.pid() + " alive " + EXIT_TIMEOUT + " after SIGKILL");
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway and finds the process gone.
    }
    System.out.printf(
        "reference SOFARegistry stopped after %d ms (exit %d)%n",
        Duration.ofNanos(System.nanoTime() - start).toMillis(), process.exitValue());
  }

  /** Fails naming the busy ports unless every one the reference binds is free now. */
  static void requirePortsFree() {
    List<Integer> busy = new ArrayList<>();
    for (int port : FIXED_PORTS) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
      } catch (IOException e) {
        busy.add(port);
      }
    }
    if (!busy.isEmpty()) {
      throw new IllegalStateException(
          "reference SOFARegistry ports in use: "
              + busy
              + " (expected: all of "
              + FIXED_PORTS
              + " free; a reference server left running? `ss -ltnp` names the process)");
    }
  }

  private synchronized void launch(ReferenceLaunch launch) {
    try {
      Files.writeString(
          logFile,
          "# " + Instant.now() + " " + launch.describe() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
      // Standard input stays an open pipe: OrphanGuard halts the server when it closes.
      process =
          new ProcessBuilder(launch.command())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the reference server", e);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  private void awaitReady() {
    long start = System.nanoTime();
    try {
      Awaits.await("reference SOFARegistry healthy (meta, data, session)")
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .failFast("the reference server exited", () -> !isAlive())
          .until(
              () ->
                  healthy(META_HTTP_PORT) && healthy(DATA_HTTP_PORT) && healthy(SESSION_HTTP_PORT));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      String tail = logTail(TAIL_LINES);
      close();
      throw new IllegalStateException(
          "reference SOFARegistry not healthy within "
              + READY_TIMEOUT
              + " (log "
              + logFile.toAbsolutePath()
              + "):\n"
              + tail,
          e);
    }
    synchronized (this) {
      startupTime = Duration.ofNanos(System.nanoTime() - start);
    }
    System.out.printf(
        "reference SOFARegistry healthy after %d ms (log %s)%n",
        startupTime().toMillis(), logFile.toAbsolutePath());
  }

  private static boolean healthy(int port) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/health/check"))
            .timeout(REQUEST_TIMEOUT)
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && SUCCESS.matcher(response.body()).find();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean awaitExit() {
    try {
      return process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL to the server and its descendants, without waiting. */
  private synchronized void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.equals("--fast-push")) {
        properties.putAll(FAST_PUSH);
      } else if (arg.indexOf('=') > 0) {
        properties.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException(
            "argument: " + arg + " (expected: --fast-push or key=value)");
      }
    }
    ReferenceRegistry registry = start("cli", properties);
    try (registry) {
      System.out.printf(
          "reference SOFARegistry ready: session Bolt %s:%d, HTTP session %d, meta %d, data %d;"
              + " Ctrl-D or Ctrl-C stops it%n",
          HOST, SESSION_CLIENT_PORT, SESSION_HTTP_PORT, META_HTTP_PORT, DATA_HTTP_PORT);
      while (System.in.read() >= 0) {
        // Runs until standard input closes.
      }
    }
  }
}
