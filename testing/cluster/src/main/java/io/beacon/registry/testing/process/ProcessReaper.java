package io.beacon.registry.testing.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills, from a JVM shutdown hook, every server process still registered when the test JVM exits,
 * so none outlives the run even when a test forgot to close its cluster. (A {@code kill -9} of the
 * test JVM skips shutdown hooks; {@link OrphanGuard} covers that case from the child side.)
 * Process-wide state: a concurrent set, and a hook installed once.
 */
final class ProcessReaper {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "process-reaper"));
  }

  private ProcessReaper() {}

  static void register(Process process) {
    LIVE.add(process);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }

  private static void killAll() {
    for (Process process : LIVE) {
      process.destroyForcibly();
    }
  }
}
