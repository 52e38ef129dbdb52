package io.beacon.registry.common.protocol;

/**
 * Where a session or data server stands in a graceful leave, as its heartbeats tell the meta
 * leader. A process moves only forward: {@code STAYING} to {@code LEAVING} to {@code LEFT}; a
 * restart (a new process id) starts again at {@code STAYING}.
 */
public enum LeaveStage {
  /** Serving as usual. */
  STAYING,
  /**
   * Asked to leave (SIGTERM or the admin call) and still serving: meta lists a leaving session in
   * no discovery answer and moves a leaving data server's slot leaderships to caught-up followers.
   */
  LEAVING,
  /** The last heartbeat before the process exits: meta drops the node's lease at once. */
  LEFT
}
