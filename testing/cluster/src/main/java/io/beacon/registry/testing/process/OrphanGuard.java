package io.beacon.registry.testing.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The main class of every server JVM the tests start, a {@link ProcessCluster}'s and the reference
 * SOFARegistry's: {@code OrphanGuard <serverMainClass> <args...>} runs the server's own main
 * unchanged and halts the JVM as soon as its standard input reaches end of file, which happens when
 * the test JVM that holds the other end of the pipe exits for any reason, even {@code kill -9}. So
 * no server outlives the test run (the reference listens on fixed ports: a leftover one would fail
 * every later run).
 *
 * <p>It also runs on the reference's classpath, not ours: {@code ReferenceLaunch} copies this one
 * class file there, so it may use the JDK only (no nested or anonymous classes either).
 */
public final class OrphanGuard {

  private OrphanGuard() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      throw new IllegalArgumentException("args: empty (expected: main class, then its arguments)");
    }
    Thread watcher = new Thread(() -> haltAtEndOf(System.in), "orphan-guard");
    watcher.setDaemon(true);
    watcher.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void haltAtEndOf(InputStream in) {
    try {
      while (in.read() >= 0) {
        // The parent never writes; reading only waits for end of file.
      }
    } catch (IOException e) {
      // A broken pipe means the same: the parent is gone.
    }
    System.err.println("orphan-guard: the JVM that started this server is gone, halting");
    Runtime.getRuntime().halt(3);
  }
}
