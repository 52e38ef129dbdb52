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
}
