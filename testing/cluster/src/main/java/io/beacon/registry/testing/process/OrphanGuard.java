package io.beacon.registry.testing.process;

import io.beacon.registry.common.concurrent.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The main class of every server JVM a {@link ProcessCluster} starts: {@code OrphanGuard
 * <serverMainClass> <args...>} runs the server's own main and halts the JVM as soon as its standard
 * input reaches end of file, which happens when the test JVM that holds the other end of the pipe
 * exits for any reason, even {@code kill -9}. So no server outlives the test run.
 */
public final class OrphanGuard {

  private OrphanGuard() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      throw new IllegalArgumentException("args: empty (expected: main class, then its arguments)");
    }
    Thread watcher = Threads.factory("orphan-guard").newThread(() -> haltAtEndOf(System.in));
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
    System.err.println("orphan-guard: the test JVM is gone, halting");
    Runtime.getRuntime().halt(3);
  }
}
