package io.beacon.registry.meta.persistence;

/**
 * An address to turn off, with the reference's flags ({@code clientOffWithSub}'s elements; plain
 * {@code clientOff} sets both). Immutable.
 */
public record ClientOffAddress(String address, boolean pub, boolean sub) {

  /** {@code address} off with both flags, as the reference's plain {@code clientOff} stores it. */
  public static ClientOffAddress of(String address) {
    return new ClientOffAddress(address, true, true);
  }
}
