package io.beacon.registry.meta.leader;

/**
 * Answers "do I lead, and who does?" for the parts of meta that act only as leader: heartbeat
 * answers, slot assignment and health. Implementations are thread-safe and cheap (called per
 * heartbeat).
 */
public interface LeaderStatus {

  boolean isLeader();

  /** The internal address ({@code host:port}) of the meta leader, or null while none is known. */
  String leaderAddress();

  /**
   * The HTTP admin address ({@code host:port}) of the meta leader, where followers redirect admin
   * calls, or null while none is known.
   */
  default String leaderHttpAddress() {
    return null;
  }

  /**
   * The leadership term last seen: it grows by at least one with every change of leader, so a
   * higher term means a later leader. 0 while no leader has been seen.
   */
  default long term() {
    return 0;
  }
}
