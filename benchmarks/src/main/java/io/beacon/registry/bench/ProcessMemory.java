package io.beacon.registry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a server process: resident set size from {@code /proc/<pid>/status} (VmRSS) and live
 * heap from {@code jcmd <pid> GC.class_histogram}, whose run forces a full GC first and whose
 * {@code Total} line sums the bytes of every live object; its rows give the bytes per class. Linux
 * only. Stateless.
 */
final class ProcessMemory {

  /**
   * Bytes: resident set and live heap after a full GC, and the live bytes of each class (the
   * histogram's rows, class name to bytes).
   */
  record Sample(long rssBytes, long liveHeapBytes, Map<String, Long> bytesByClass) {
    Sample minus(Sample other) {
      return new Sample(
          rssBytes - other.rssBytes,
          liveHeapBytes - other.liveHeapBytes,
          combine(bytesByClass, other.bytesByClass, -1));
    }

    Sample plus(Sample other) {
      return new Sample(
          rssBytes + other.rssBytes,
          liveHeapBytes + other.liveHeapBytes,
          combine(bytesByClass, other.bytesByClass, 1));
    }

    /** The classes whose live bytes are largest, largest first, at most {@code limit}. */
    Map<String, Long> largestClasses(int limit) {
      Map<String, Long> out = new LinkedHashMap<>();
      bytesByClass.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(limit)
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }

    private static Map<String, Long> combine(Map<String, Long> a, Map<String, Long> b, int sign) {
      Map<String, Long> out = new HashMap<>(a);
      b.forEach((name, bytes) -> out.merge(name, sign * bytes, Long::sum));
      return out;
    }
  }

  static final Sample ZERO = new Sample(0, 0, Map.of());
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Pattern ROW =
      Pattern.compile("(?m)^[ \\t]*\\d+:[ \\t]+(\\d+)[ \\t]+(\\d+)[ \\t]+(\\S+)(?:[ \\t].*)?$");
  private static final long JCMD_TIMEOUT_SECONDS = 120;

  private ProcessMemory() {}

  /** Live heap first (its full GC may shrink nothing of RSS, but runs before RSS is read). */
  static Sample sample(long pid) {
    String histogram = classHistogram(pid);
    return new Sample(rssBytes(pid), totalBytes(pid, histogram), bytesByClass(histogram));
  }

  static long rssBytes(long pid) {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      Matcher matcher = VM_RSS.matcher(status);
      if (!matcher.find()) {
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
      }
      return Long.parseLong(matcher.group(1)) * 1024;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
    }
  }

  /** Sums rows of the same class name (classes of the same name from several loaders). */
  static Map<String, Long> bytesByClass(String histogram) {
    Map<String, Long> out = new HashMap<>();
    Matcher row = ROW.matcher(histogram);
    while (row.find()) {
      out.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
    }
    return out;
  }

  static long totalBytes(long pid, String histogram) {
    Matcher matcher = TOTAL.matcher(histogram);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "jcmd " + pid + " GC.class_histogram: no Total line in: " + tail(histogram));
    }
    return Long.parseLong(matcher.group(2));
  }

  private static String classHistogram(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process process =
          new ProcessBuilder(List.of(jcmd, Long.toString(pid), "GC.class_histogram"))
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " GC.class_histogram timed out");
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jcmd for pid " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 400 ? text : text.substring(text.length() - 400);
  }
}
