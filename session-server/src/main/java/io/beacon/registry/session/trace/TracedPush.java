package io.beacon.registry.session.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One acknowledged push frame as the slowest list keeps it: the datum's trace (shared), the
 * connection, how many subscribers the frame named, and its own send and acknowledgement times on
 * the session's nano clock. Immutable.
 */
record TracedPush(
    PushTrace trace,
    int subscribers,
    String connectId,
    long sentNanos,
    long ackedNanos,
    long latencyNanos) {

  /** As the admin endpoint shows it: every stage as a wall-clock time and as a duration. */
  SlowPush view() {
    long anchorMillis = trace.noticeMillis();
    long anchorNanos = trace.noticeNanos();
    Map<String, Double> stages = new LinkedHashMap<>();
    if (trace.hasAccepted()) {
      stages.put(
          PushStage.ACCEPTED_TO_CHANGE.key(),
          millis((trace.changeMillis() - trace.acceptedMillis()) * 1_000_000L));
    }
    stages.put(
        PushStage.CHANGE_TO_NOTICE.key(),
        millis((trace.noticeMillis() - trace.changeMillis()) * 1_000_000L));
    stages.put(PushStage.NOTICE_TO_FETCHED.key(), millis(trace.fetchedNanos() - anchorNanos));
    stages.put(PushStage.FETCHED_TO_SENT.key(), millis(sentNanos - trace.fetchedNanos()));
    stages.put(PushStage.SENT_TO_ACKED.key(), millis(ackedNanos - sentNanos));
    stages.put(PushStage.CHANGE_TO_ACKED.key(), millis(latencyNanos));
    return new SlowPush(
        trace.dataInfoId(),
        trace.version(),
        subscribers,
        connectId,
        trace.hasAccepted() ? trace.acceptedMillis() : null,
        trace.changeMillis(),
        trace.noticeMillis(),
        anchorMillis + Math.floorDiv(trace.fetchedNanos() - anchorNanos, 1_000_000L),
        anchorMillis + Math.floorDiv(sentNanos - anchorNanos, 1_000_000L),
        anchorMillis + Math.floorDiv(ackedNanos - anchorNanos, 1_000_000L),
        stages);
  }

  /** Nanoseconds as milliseconds, to the microsecond. */
  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
