package io.beacon.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.client.Snapshot;
import java.util.List;

/** What the SDK tests read from the snapshots a subscription listener collected. Stateless. */
public final class SdkSnapshots {

  private SdkSnapshots() {}

  /** The latest snapshot; fails while there is none. */
  public static Snapshot last(List<Snapshot> snapshots) {
    assertThat(snapshots).isNotEmpty();
    return snapshots.get(snapshots.size() - 1);
  }

  /**
   * The snapshots from the first one with data on. The first push of a subscription made right
   * after its publications were acknowledged may be empty: the session acknowledges a publication
   * before its write reaches the data leader, and the subscription's first fetch can come first.
   */
  public static List<Snapshot> sinceFirstData(List<Snapshot> snapshots) {
    for (int i = 0; i < snapshots.size(); i++) {
      if (!snapshots.get(i).isEmpty()) {
        return snapshots.subList(i, snapshots.size());
      }
    }
    return List.of();
  }
}
