package io.beacon.registry.meta.leader;

import java.util.function.Supplier;

/**
 * The leader status of a meta server that runs alone: always the leader, at its own address, in a
 * single term. Stateless; the address is read from the owner, which knows it only once its port is
 * bound.
 */
public final class SoleLeader implements LeaderStatus {

  private final Supplier<String> selfAddress;

  public SoleLeader(Supplier<String> selfAddress) {
    this.selfAddress = selfAddress;
  }

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public String leaderAddress() {
    return selfAddress.get();
  }

  @Override
  public long term() {
    return 1;
  }
}
