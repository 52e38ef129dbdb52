package io.beacon.registry.session.trace;

/**
 * When this session learnt from a data leader's change notice that a dataInfoId reached {@code
 * version}: wall-clock {@code millis} (compared with the leader's version time) and {@code nanos}
 * (for the stages that follow in this session), read together. Immutable.
 */
public record NoticeStamp(long version, long millis, long nanos) {

  /** Of {@code a} and {@code b} (either may be null), the one for exactly {@code version}. */
  public static NoticeStamp matching(long version, NoticeStamp a, NoticeStamp b) {
    if (a != null && a.version == version) {
      return a;
    }
    return b != null && b.version == version ? b : null;
  }
}
