package io.beacon.registry.common.slot;

import java.util.List;

/**
 * One slot of the table. Immutable.
 *
 * @param id the slot number
 * @param leader the internal address of the leading data server, or null while there is none
 * @param leaderEpoch grows whenever the leader changes
 * @param followers the internal addresses of the following data servers, never containing the
 *     leader
 */
public record Slot(int id, String leader, long leaderEpoch, List<String> followers) {

  public Slot {
    followers = followers == null ? List.of() : List.copyOf(followers);
    if (leader != null && followers.contains(leader)) {
      throw new IllegalArgumentException("slot " + id + ": leader " + leader + " is also follower");
    }
  }

  public boolean hasLeader() {
    return leader != null;
  }

  public boolean isOwnedBy(String node) {
    return node.equals(leader) || followers.contains(node);
  }
}
