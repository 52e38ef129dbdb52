package io.beacon.registry.session.trace;

import java.util.Map;

/**
 * One of the slowest recent pushes as {@code GET /digest/push/slowest} shows it. Times are epoch
 * milliseconds: {@code acceptedMillis} (null when the publish did not go through this session) is
 * this session's clock, {@code changeMillis} the data leader's, and the later ones this session's
 * clock at the notice plus the session's monotonic elapsed time. {@code stagesMillis} holds each
 * stage's duration in milliseconds (to the microsecond), keyed by {@link PushStage#key()}; a
 * cross-server stage may be negative when the two clocks are not in step. Immutable.
 */
public record SlowPush(
    String dataInfoId,
    long version,
    int subscribers,
    String connectId,
    Long acceptedMillis,
    long changeMillis,
    long noticeMillis,
    long fetchedMillis,
    long sentMillis,
    long ackedMillis,
    Map<String, Double> stagesMillis) {}
