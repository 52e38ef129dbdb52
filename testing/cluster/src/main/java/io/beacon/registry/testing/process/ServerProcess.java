package io.beacon.registry.testing.process;

import io.beacon.registry.data.app.DataServerApplication;
import io.beacon.registry.meta.app.MetaServerApplication;
import io.beacon.registry.session.app.SessionServerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One server of a {@link ProcessCluster}, run in its own JVM; survives restarts: its ports and
 * command stay, each start is a new process (an "incarnation") with empty memory and its own log
 * file (what the process writes to standard output and error). Guarded by {@code this}: the current
 * process, its {@link OrphanWatch} and the incarnation counter.
 */
public final class ServerProcess {

  /** The three server kinds, their main class and property prefix. */
  public enum Role {
    META("meta", MetaServerApplication.class.getName()),
    DATA("data", DataServerApplication.class.getName()),
    SESSION("session", SessionServerApplication.class.getName());

    private final String id;
    private final String mainClass;

    Role(String id, String mainClass) {
      this.id = id;
      this.mainClass = mainClass;
    }

    /** {@code --beacon.<role>.<key>=<value>}. */
    public String argument(String key, Object value) {
      return "--beacon." + id + "." + key + "=" + value;
    }

    /** {@code meta}, {@code data}, {@code session}: also the role of {@code bin/beacon ROLE}. */
    public String id() {
      return id;
    }

    String mainClass() {
      return mainClass;
    }
  }

  /** Exit status of a JVM killed by SIGKILL: 128 + 9. */
  public static final int SIGKILL_EXIT = 137;

  /** Exit status of a JVM that ran its shutdown hooks after SIGTERM: 128 + 15. */
  public static final int SIGTERM_EXIT = 143;

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

  /**
   * How a server is started: its command line, variables added to the environment, and whether an
   * {@link OrphanWatch} must see to it that it dies with this JVM (a command that does not run
   * {@link OrphanGuard} itself).
   */
  record Launch(List<String> command, Map<String, String> environment, boolean watched) {
    Launch {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }
  }

  private final Role role;
  private final int index;
  private final int rpcPort;
  private final int httpPort;
  private final int clientPort;
  private final Path logDir;
  private Launch launch;
  private Process process;
  private OrphanWatch watch;
  private int incarnation;
  private Path logFile;

  ServerProcess(Role role, int index, int rpcPort, int httpPort, int clientPort, Path logDir) {
    this.role = role;
    this.index = index;
    this.rpcPort = rpcPort;
    this.httpPort = httpPort;
    this.clientPort = clientPort;
    this.logDir = logDir;
  }

  public Role role() {
    return role;
  }

  public int index() {
    return index;
  }

  /** {@code meta-0}, {@code data-2}, {@code session-1}. */
  public String name() {
    return role.id + "-" + index;
  }

  /** The internal Bolt port: meta's and data's rpc port, the session's internal port. */
  public int rpcPort() {
    return rpcPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The session's client port; -1 for meta and data. */
  public int clientPort() {
    return clientPort;
  }

  /** {@code 127.0.0.1:rpcPort}: the node's identity and what it advertises. */
  public String address() {
    return ProcessCluster.HOST + ":" + rpcPort;
  }

  public synchronized Path logFile() {
    return logFile;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The OS process id of the current incarnation. */
  public synchronized long pid() {
    requireStarted();
    return process.pid();
  }

  public synchronized int incarnation() {
    return incarnation;
  }

  /**
   * {@code kill -9}: SIGKILL (what {@link Process#destroyForcibly()} sends on Linux), no shutdown
   * hook runs, sockets are closed by the kernel. Returns once the process is gone and checks that
   * it died of SIGKILL.
   */
  public synchronized void kill() {
    requireStarted();
    process.destroyForcibly();
    int exit = awaitExit();
    if (exit != SIGKILL_EXIT) {
      throw new IllegalStateException(
          name() + " exited with " + exit + ", not " + SIGKILL_EXIT + " (SIGKILL); log " + logFile);
    }
  }

  /**
   * A graceful stop: SIGTERM, the server leaves and Spring closes it; SIGKILL if it takes over 15
   * s. Returns the exit status. The signal is sent with {@code kill -TERM}, not {@link
   * Process#destroy()}, which also closes the pipes to the process: the orphan guard would take
   * that for the test JVM's death and halt the server in the middle of its shutdown.
   */
  public synchronized int stop() {
    requireStarted();
    signal("-TERM");
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    return awaitExit();
  }

  /**
   * SIGTERM without waiting: the server leaves gracefully and exits by itself (see {@link
   * #exitStatus()}); {@link ProcessCluster#close()} kills it if it is still running then.
   */
  public void terminate() {
    // Not Process.destroy(): it also closes this end of the server's stdin, and OrphanGuard halts
    // the server at that end of file before its shutdown hook could leave gracefully.
    signal("-TERM");
  }

  /** The exit status of the current incarnation, or null while it runs. */
  public synchronized Integer exitStatus() {
    requireStarted();
    if (process.isAlive()) {
      return null;
    }
    ProcessReaper.unregister(process);
    return process.exitValue();
  }

  /** {@code kill -STOP}: the process freezes with its sockets open, like a long GC pause. */
  public void pause() {
    signal("-STOP");
  }

  /** {@code kill -CONT} after {@link #pause()}. */
  public void resume() {
    signal("-CONT");
  }

  /**
   * The command line of the next start, as a shell would take it: the added environment first, the
   * test classpath elided.
   */
  public synchronized String commandLine() {
    if (launch == null) {
      throw new IllegalStateException(name() + " has no command yet");
    }
    StringBuilder line = new StringBuilder();
    new TreeMap<>(launch.environment())
        .forEach((key, value) -> line.append(key).append("='").append(value).append("' "));
    return line.append(describe(launch.command())).toString();
  }

  synchronized void launch(Launch launch) {
    this.launch = launch;
  }

  /** Starts a new incarnation; the previous one must be dead. */
  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name() + " is running, pid " + process.pid());
    }
    logFile =
        logDir.resolve(incarnation == 0 ? name() + ".log" : name() + "." + incarnation + ".log");
    incarnation++;
    try {
      Files.writeString(
          logFile,
          "# " + Instant.now() + " " + commandLine() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
      ProcessBuilder builder =
          new ProcessBuilder(launch.command())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(launch.environment());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name(), e);
    }
    ProcessReaper.register(process);
    watch = launch.watched() ? OrphanWatch.of(process) : null;
  }

  /** Kills without checks; for closing the cluster. */
  synchronized void destroyQuietly() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  synchronized void awaitGone() {
    if (process != null) {
      awaitExit();
    }
  }

  /** What the fixture knows about this server, for failure messages. */
  synchronized String status() {
    String state =
        process == null
            ? "not started"
            : process.isAlive() ? "alive pid " + process.pid() : "exited " + process.exitValue();
    return name() + " (" + state + ", http " + httpPort + ", log " + logFile + ")";
  }

  @Override
  public String toString() {
    return name() + "@" + address();
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name() + " still alive " + EXIT_TIMEOUT + " after kill");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name(), e);
    }
    ProcessReaper.unregister(process);
    if (watch != null) {
      watch.close();
      watch = null;
    }
    return process.exitValue();
  }

  private void signal(String signal) {
    long pid = pid();
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed for " + name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted signalling " + name(), e);
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name() + " was never started");
    }
  }

  /** The command line without the (long) classpath. */
  private static String describe(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size()) {
      shown.set(cp + 1, "<test classpath>");
    }
    return String.join(" ", shown);
  }
}
