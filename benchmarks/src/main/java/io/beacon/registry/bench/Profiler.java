package io.beacon.registry.bench;

import io.beacon.registry.bench.RegistryTarget.ServerPid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Profiles one scenario run ({@code --profile=<dir>}): a JFR recording with the {@code profile}
 * settings in every server process (started and stopped through {@code jcmd}) and in the load
 * generator itself, plus each process's CPU time (utime + stime from {@code /proc/<pid>/stat}).
 * {@link #stop} summarizes each recording: CPU milliseconds, execution samples, the methods most
 * often on top of the stack, and the nearest registry, Bolt, Hessian or client method above each
 * sample (so time in the JDK or Netty is charged to the code that called it). Recordings stay in
 * the directory for {@code jfr} or JDK Mission Control. Confined to the benchmark's main thread.
 */
final class Profiler {

  private static final int TOP = 15;
  private static final long JCMD_TIMEOUT_SECONDS = 60;
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final List<String> OWN_CODE = List.of("io.beacon.", "com.alipay.", "com.caucho.");

  private final List<ServerPid> servers;
  private final Map<ServerPid, Path> files = new LinkedHashMap<>();
  private final Map<ServerPid, Long> cpuBefore = new HashMap<>();
  private final Path selfFile;
  private final Recording self;
  private final long selfCpuBefore;
  private final String name;

  private Profiler(List<ServerPid> servers, Path dir, String label) {
    this.servers = servers;
    this.name = "bench-" + label;
    try {
      Files.createDirectories(dir);
      for (ServerPid server : servers) {
        Path file = dir.resolve(label + "-" + server.role() + "-" + server.pid() + ".jfr");
        files.put(server, file.toAbsolutePath());
        cpuBefore.put(server, cpuMillis(server.pid()));
        jcmd(
            server.pid(),
            "JFR.start",
            "name=" + name,
            "settings=profile",
            "filename=" + file.toAbsolutePath());
      }
      selfFile = dir.resolve(label + "-load-generator.jfr").toAbsolutePath();
      self = new Recording(Configuration.getConfiguration("profile"));
      self.setToDisk(true);
      self.setDestination(selfFile);
      selfCpuBefore = cpuMillis(ProcessHandle.current().pid());
      self.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start profiling into " + dir, e);
    } catch (ParseException e) {
      throw new IllegalStateException("JFR profile settings", e);
    }
  }

  /** Starts recording every server of {@code servers} and this JVM; files named by label. */
  static Profiler start(List<ServerPid> servers, Path dir, String label) {
    return new Profiler(servers, dir, label);
  }

  /**
   * Stops every recording; per process (role-pid, and load-generator) its summary. This JVM's own
   * recording is stopped even when a server cannot be reached (then the failure is thrown).
   */
  Map<String, Object> stop() {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      for (ServerPid server : servers) {
        long cpu = cpuMillis(server.pid()) - cpuBefore.get(server);
        jcmd(server.pid(), "JFR.stop", "name=" + name);
        out.put(server.role() + "-" + server.pid(), summarize(files.get(server), cpu));
      }
    } finally {
      long selfCpu = cpuMillis(ProcessHandle.current().pid()) - selfCpuBefore;
      self.stop();
      self.close();
      out.put("load-generator", summarize(selfFile, selfCpu));
    }
    return out;
  }

  private static Map<String, Object> summarize(Path file, long cpuMillis) {
    Map<String, Long> topFrames = new HashMap<>();
    Map<String, Long> ownFrames = new HashMap<>();
    long samples = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        topFrames.merge(method(frames.get(0)), 1L, Long::sum);
        for (RecordedFrame frame : frames) {
          String method = method(frame);
          if (OWN_CODE.stream().anyMatch(method::startsWith)) {
            ownFrames.merge(method, 1L, Long::sum);
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", file.toString());
    out.put("cpuMs", cpuMillis);
    out.put("samples", samples);
    out.put("topOfStackPercent", percents(topFrames, samples));
    out.put("nearestOwnCodePercent", percents(ownFrames, samples));
    return out;
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static Map<String, Object> percents(Map<String, Long> counts, long total) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(TOP, sorted.size()))) {
      out.put(entry.getKey(), Math.round(entry.getValue() * 1000.0 / Math.max(1, total)) / 10.0);
    }
    return out;
  }

  /** utime + stime of {@code pid} in milliseconds (Linux). */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  private static void jcmd(long pid, String... command) {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(pid));
    args.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + String.join(" ", args) + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.format(Locale.ROOT, "jcmd %s failed: %s", String.join(" ", command), output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jcmd for pid " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
