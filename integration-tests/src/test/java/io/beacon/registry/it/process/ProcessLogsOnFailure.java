package io.beacon.registry.it.process;

import io.beacon.registry.testing.process.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints where its {@link ProcessCluster}'s logs are and the last lines of each,
 * so a CI failure shows the servers' side without digging. The test names its cluster {@link
 * #clusterName(TestInfo)}. Stateless.
 */
final class ProcessLogsOnFailure implements TestWatcher {

  private static final int TAIL_LINES = 40;

  /**
   * {@code <test class>/<test method>}: the log directory under {@link ProcessCluster#LOG_ROOT}.
   */
  static String clusterName(TestInfo test) {
    return test.getTestClass().orElseThrow().getSimpleName()
        + "/"
        + test.getTestMethod().orElseThrow().getName();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String clusterName =
        context.getRequiredTestClass().getSimpleName()
            + "/"
            + context.getRequiredTestMethod().getName();
    Path dir = ProcessCluster.LOG_ROOT.resolve(clusterName).toAbsolutePath();
    System.err.println("process cluster logs of " + context.getDisplayName() + ": " + dir);
    try (Stream<Path> logs = Files.list(dir)) {
      logs.filter(path -> path.toString().endsWith(".log")).sorted().forEach(this::printTail);
    } catch (IOException e) {
      System.err.println("  (cannot list " + dir + ": " + e + ")");
    }
  }

  private void printTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      System.err.println("---- " + log + " (last " + TAIL_LINES + " lines)");
      lines
          .subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
          .forEach(System.err::println);
    } catch (IOException e) {
      System.err.println("  (cannot read " + log + ": " + e + ")");
    }
  }
}
