package io.beacon.registry.session.trace;

/**
 * The upstream times of one fetched datum, shared by every push of it (no per-subscriber state).
 *
 * <p>Two clocks: {@code acceptedMillis}, {@code changeMillis} and {@code noticeMillis} are
 * wall-clock epoch milliseconds, because they are compared across servers (the publish was accepted
 * by a session, the version issued by the data leader); {@code noticeNanos} and {@code
 * fetchedNanos} are this session's {@code System.nanoTime}, for the stages measured here. {@code
 * noticeMillis} and {@code noticeNanos} are read together and anchor the session's stages to the
 * wall clock. A time that is not known is {@link #UNKNOWN}. Immutable.
 *
 * @param acceptedMillis when this session accepted the publish whose write the datum reflects (only
 *     for publishes through this session)
 * @param changeMillis when the data leader issued {@code version} ({@code
 *     VersionClock.millisOf(version)}); unknown for the empty datum of a dataInfoId never published
 * @param noticeMillis when the change notice for exactly {@code version} reached this session;
 *     unknown when the datum was fetched for another reason (a first push, a re-push, a repair)
 */
public record PushTrace(
    String dataInfoId,
    long version,
    long acceptedMillis,
    long changeMillis,
    long noticeMillis,
    long noticeNanos,
    long fetchedNanos) {

  public static final long UNKNOWN = -1L;

  public boolean hasAccepted() {
    return acceptedMillis != UNKNOWN;
  }

  /** True when the push was driven by a change notice of its version: its end to end is known. */
  public boolean hasNotice() {
    return noticeMillis != UNKNOWN;
  }
}
