package io.beacon.registry.it.reference;

import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints the last lines of the reference server's log, so a CI failure shows the
 * server's side. The test starts its server with {@link #runName(TestInfo)}. Stateless.
 */
public final class ReferenceLogsOnFailure implements TestWatcher {

  private static final int TAIL_LINES = 60;

  /** {@code <test class>/<test method>}: the run directory under {@link ReferenceRegistry#ROOT}. */
  public static String runName(TestInfo test) {
    return test.getTestClass().orElseThrow().getSimpleName()
        + "/"
        + test.getTestMethod().orElseThrow().getName();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Path log =
        ReferenceRegistry.ROOT
            .resolve(context.getRequiredTestClass().getSimpleName())
            .resolve(context.getRequiredTestMethod().getName())
            .resolve("server.log")
            .toAbsolutePath();
    if (!Files.exists(log)) {
      System.err.println("no reference server log for " + context.getDisplayName() + ": " + log);
      return;
    }
    System.err.println(
        "---- reference server log of "
            + context.getDisplayName()
            + ": "
            + log
            + " (last "
            + TAIL_LINES
            + " lines)\n"
            + ReferenceRegistry.logTail(log, TAIL_LINES));
  }
}
