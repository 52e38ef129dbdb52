package io.beacon.registry.common.protocol;

/** A plain acknowledgement. */
public record Ack(Status status, String message) {

  public static Ack ok() {
    return new Ack(Status.OK, null);
  }
}
