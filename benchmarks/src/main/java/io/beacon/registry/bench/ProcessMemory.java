package io.beacon.registry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a server process: resident set size from {@code /proc/<pid>/status} (VmRSS) and live
 * heap from {@code jcmd <pid> GC.class_histogram}, whose run forces a full GC first and whose
 * {@code Total} line sums the bytes of every live object. Linux only. Stateless.
 */
final class ProcessMemory {

  /** Bytes: resident set and live heap after a full GC. */
  record Sample(long rssBytes, long liveHeapBytes) {
    Sample minus(Sample other) {
      return new Sample(rssBytes - other.rssBytes, liveHeapBytes - other.liveHeapBytes);
    }

    Sample plus(Sample other) {
      return new Sample(rssBytes + other.rssBytes, liveHeapBytes + other.liveHeapBytes);
    }
  }

  static final Sample ZERO = new Sample(0, 0);
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final long JCMD_TIMEOUT_SECONDS = 120;

  private ProcessMemory() {}

  /** Live heap first (its full GC may shrink nothing of RSS, but runs before RSS is read). */
  static Sample sample(long pid) {
    long heap = liveHeapBytes(pid);
    return new Sample(rssBytes(pid), heap);
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

  static long liveHeapBytes(long pid) {
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
      String text = new String(output, StandardCharsets.UTF_8);
      Matcher matcher = TOTAL.matcher(text);
      if (!matcher.find()) {
        throw new IllegalStateException(
            "jcmd " + pid + " GC.class_histogram: no Total line in: " + tail(text));
      }
      return Long.parseLong(matcher.group(2));
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
