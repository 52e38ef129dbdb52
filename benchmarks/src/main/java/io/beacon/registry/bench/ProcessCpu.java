package io.beacon.registry.bench;

import io.beacon.registry.bench.RegistryTarget.ServerPid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU each process of a scenario run used (the target's servers and this load generator), from
 * {@code /proc/<pid>/task/<tid>/stat} (Linux): in all, and for its busiest threads, summed per
 * thread name with digits made {@code N} and cut to Linux's 15 characters. Shows what a sampling
 * profiler does not: the JIT compiler, the garbage collector, and the system time of socket
 * threads. Costs a few directory reads; needs no agent. Confined to the benchmark's main thread.
 */
final class ProcessCpu {

  private static final int TOP = 12;
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, Map<String, long[]>> before = new HashMap<>();

  private ProcessCpu(List<ServerPid> servers) {
    for (ServerPid server : servers) {
      pids.put(server.role() + "-" + server.pid(), server.pid());
    }
    pids.put("load-generator", ProcessHandle.current().pid());
    pids.forEach((label, pid) -> before.put(label, threadMillis(pid)));
  }

  static ProcessCpu start(List<ServerPid> servers) {
    return new ProcessCpu(servers);
  }

  /**
   * Per process: {@code cpuMs} (user + system of the threads seen at the start or the end; a thread
   * that came and went in between is missed) and {@code threads}, the busiest thread names as
   * "user+system" milliseconds. A process that ended reports nothing.
   */
  Map<String, Object> stop() {
    Map<String, Object> out = new LinkedHashMap<>();
    pids.forEach(
        (label, pid) -> {
          Map<String, long[]> now;
          try {
            now = threadMillis(pid);
          } catch (UncheckedIOException e) {
            return;
          }
          out.put(label, since(before.get(label), now));
        });
    return out;
  }

  private static Map<String, Object> since(Map<String, long[]> was, Map<String, long[]> now) {
    Map<String, Long> total = new HashMap<>();
    Map<String, String> split = new HashMap<>();
    long all = 0;
    for (Map.Entry<String, long[]> entry : now.entrySet()) {
      long[] start = was.getOrDefault(entry.getKey(), new long[2]);
      long user = Math.max(0, entry.getValue()[0] - start[0]);
      long system = Math.max(0, entry.getValue()[1] - start[1]);
      all += user + system;
      if (user + system > 0) {
        total.put(entry.getKey(), user + system);
        split.put(entry.getKey(), user + "+" + system);
      }
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(total.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    Map<String, Object> threads = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(TOP, sorted.size()))) {
      threads.put(entry.getKey(), split.get(entry.getKey()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cpuMs", all);
    out.put("threads", threads);
    return out;
  }

  /** User and system CPU milliseconds so far per thread name of {@code pid}. */
  static Map<String, long[]> threadMillis(long pid) {
    Map<String, long[]> out = new HashMap<>();
    List<Path> tasks;
    try (var listing = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks = listing.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the threads of " + pid, e);
    }
    for (Path task : tasks) {
      String stat;
      try {
        stat = Files.readString(task.resolve("stat"));
      } catch (IOException e) {
        continue; // the thread ended
      }
      String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long[] millis = out.computeIfAbsent(name.replaceAll("[0-9]+", "N"), n -> new long[2]);
      millis[0] += Long.parseLong(fields[11]) * 1000 / CLOCK_TICKS_PER_SECOND;
      millis[1] += Long.parseLong(fields[12]) * 1000 / CLOCK_TICKS_PER_SECOND;
    }
    return out;
  }
}
