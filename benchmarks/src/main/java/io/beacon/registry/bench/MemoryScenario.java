package io.beacon.registry.bench;

import io.beacon.registry.bench.LoadClient.PublisherHandle;
import io.beacon.registry.bench.ProcessMemory.Sample;
import io.beacon.registry.bench.RegistryTarget.ServerPid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server memory per 100 000 publishers. Before: each server process's RSS and live heap after a
 * full GC (jcmd GC.class_histogram), with no publisher stored. Then N publishers (10 per dataId) on
 * K connections, waited for until acknowledged and stored; then the same sample again, with the
 * clients still connected. Reported per role (summed over its processes): before, after, and the
 * difference scaled to 100 000 publishers. RSS only grows as the JVM commits heap, so run this
 * first on a fresh registry; the live heap difference is the precise figure, and the classes that
 * grew most show where it went.
 */
final class MemoryScenario implements Scenario {

  private static final double MB = 1024.0 * 1024.0;
  private static final int PUBLISHERS_PER_DATA_ID = 10;
  private static final int LARGEST_CLASSES = 12;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Result run(RegistryTarget target, LoadClient.Kind client, Scale scale) {
    int n = scale.memoryPublishers();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("publishers", n);
    parameters.put("dataIds", n / PUBLISHERS_PER_DATA_ID);
    parameters.put("connections", scale.memoryConnections());
    Map<String, Object> results = new LinkedHashMap<>();
    List<ServerPid> servers = target.servers();
    if (servers.isEmpty()) {
      results.put("error", "the servers share this JVM; nothing to measure");
      return new Result(parameters, results);
    }
    Scenario.settle(target, scale, results);
    List<Sample> before = servers.stream().map(s -> ProcessMemory.sample(s.pid())).toList();
    String prefix = Scenario.uniquePrefix(name(), client);
    long expectedCopies = (long) n * target.copiesPerPublisher();
    try (ClientPool pool =
        new ClientPool(client, target.sessionAddresses(), scale.memoryConnections())) {
      List<PublisherHandle> handles = new ArrayList<>(n);
      long start = System.nanoTime();
      for (int p = 0; p < n; p++) {
        handles.add(
            pool.get(p).publish(prefix + "." + (p / PUBLISHERS_PER_DATA_ID), Scenario.value(p, 0)));
      }
      boolean stored =
          Poll.until(
              () -> {
                handles.removeIf(PublisherHandle::acknowledged);
                return handles.isEmpty() && target.storedPublisherCopies() >= expectedCopies;
              },
              scale.convergeTimeout(),
              Duration.ofMillis(100));
      results.put("storedMs", Latencies.millis(System.nanoTime() - start));
      results.put("allStored", stored);
      results.put("storedCopies", target.storedPublisherCopies());
      List<Sample> after = servers.stream().map(s -> ProcessMemory.sample(s.pid())).toList();
      results.put("byRole", byRole(servers, before, after, n));
    }
    return new Result(parameters, results);
  }

  private static Map<String, Object> byRole(
      List<ServerPid> servers, List<Sample> before, List<Sample> after, int publishers) {
    Map<String, Sample[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      Sample[] pair =
          sums.computeIfAbsent(
              servers.get(i).role(), r -> new Sample[] {ProcessMemory.ZERO, ProcessMemory.ZERO});
      pair[0] = pair[0].plus(before.get(i));
      pair[1] = pair[1].plus(after.get(i));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Sample totalBefore = ProcessMemory.ZERO;
    Sample totalAfter = ProcessMemory.ZERO;
    for (Map.Entry<String, Sample[]> entry : sums.entrySet()) {
      out.put(entry.getKey(), describe(entry.getValue()[0], entry.getValue()[1], publishers));
      totalBefore = totalBefore.plus(entry.getValue()[0]);
      totalAfter = totalAfter.plus(entry.getValue()[1]);
    }
    out.put("total", describe(totalBefore, totalAfter, publishers));
    return out;
  }

  private static Map<String, Object> describe(Sample before, Sample after, int publishers) {
    Sample delta = after.minus(before);
    double scale = 100_000.0 / publishers;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rssBeforeMB", mb(before.rssBytes()));
    out.put("rssAfterMB", mb(after.rssBytes()));
    out.put("heapBeforeMB", mb(before.liveHeapBytes()));
    out.put("heapAfterMB", mb(after.liveHeapBytes()));
    out.put("rssPer100kMB", mb((long) (delta.rssBytes() * scale)));
    out.put("heapPer100kMB", mb((long) (delta.liveHeapBytes() * scale)));
    Map<String, Object> classes = new LinkedHashMap<>();
    delta
        .largestClasses(LARGEST_CLASSES)
        .forEach((name, bytes) -> classes.put(name, mb((long) (bytes * scale))));
    out.put("largestClassesPer100kMB", classes);
    return out;
  }

  private static double mb(long bytes) {
    return Math.round(bytes / MB * 10) / 10.0;
  }
}
