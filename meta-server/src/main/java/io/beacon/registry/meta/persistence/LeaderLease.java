package io.beacon.registry.meta.persistence;

/**
 * The meta leader lease row of one cluster: who holds it, its HTTP admin address, the term (grows
 * by one with every change of holder, and after every lapse) and when it expires, in database time.
 * Immutable.
 */
public record LeaderLease(String owner, String ownerHttp, long term, long expiresAtMillis) {

  /** Whether {@code owner} still holds the lease at {@code nowMillis} (database time). */
  public boolean isHeldBy(String candidate, long nowMillis) {
    return owner.equals(candidate) && isValidAt(nowMillis);
  }

  public boolean isValidAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }
}
