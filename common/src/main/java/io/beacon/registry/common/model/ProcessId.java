package io.beacon.registry.common.model;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifies one incarnation of a server process. A restarted server gets a new one, so whatever
 * the old incarnation owned can be told apart (and expired) by the data servers. Immutable.
 */
public record ProcessId(String host, long startMillis, long pid, int random) {

  /** A fresh id for the calling process, started at {@code startMillis}. */
  public static ProcessId create(String host, long startMillis) {
    return new ProcessId(
        host, startMillis, ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt());
  }

  @Override
  public String toString() {
    return host + "-" + pid + "-" + startMillis + "-" + Integer.toHexString(random);
  }
}
