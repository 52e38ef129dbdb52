package io.beacon.registry.meta.slot;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each data server last said about its slots: the table epoch it holds and which slots it
 * follows with data caught up. The balancer moves leaders only to caught-up followers, and only
 * once every live data server holds the current table. Heartbeats write concurrently; the meta loop
 * reads.
 */
public final class SlotReports {

  /** One data server's last report. Immutable. */
  public record Report(long tableEpoch, Set<Integer> syncedFollowerSlots) {}

  private final Map<String, Report> reports = new ConcurrentHashMap<>();

  public void record(String dataServer, long tableEpoch, List<Integer> syncedFollowerSlots) {
    reports.put(dataServer, new Report(tableEpoch, Set.copyOf(syncedFollowerSlots)));
  }

  public void forget(String dataServer) {
    reports.remove(dataServer);
  }

  /** True when every server in {@code dataServers} has reported holding {@code epoch} or newer. */
  public boolean allHold(Set<String> dataServers, long epoch) {
    for (String server : dataServers) {
      Report report = reports.get(server);
      if (report == null || report.tableEpoch() < epoch) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code follower} reported slot {@code slotId} as caught up with its leader. */
  public boolean isCaughtUp(int slotId, String follower) {
    Report report = reports.get(follower);
    return report != null && report.syncedFollowerSlots().contains(slotId);
  }
}
