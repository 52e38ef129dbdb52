package io.beacon.registry.common.model;

/**
 * The version of one registration: the client's own counter ({@code version}, which grows on every
 * republish) and the session server's time of registration ({@code registerTimestamp}, which breaks
 * ties when a client replays the same version after a reconnect). Ordered by version, then time.
 */
public record RegisterVersion(long version, long registerTimestamp)
    implements Comparable<RegisterVersion> {

  @Override
  public int compareTo(RegisterVersion other) {
    int byVersion = Long.compare(version, other.version);
    return byVersion != 0 ? byVersion : Long.compare(registerTimestamp, other.registerTimestamp);
  }

  public boolean isNewerThan(RegisterVersion other) {
    return other == null || compareTo(other) > 0;
  }
}
