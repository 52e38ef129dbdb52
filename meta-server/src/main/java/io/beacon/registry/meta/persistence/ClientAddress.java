package io.beacon.registry.meta.persistence;

/**
 * One address of the persistent client manager list, as loaded. Immutable.
 *
 * @param address the client IP
 * @param operation {@link #CLIENT_OFF} or {@link #REDUCE}
 * @param pub the client-off's {@code pub} flag (stored and reported)
 * @param sub the client-off's {@code sub} flag (stored and reported; as in the reference's 6.3.0
 *     sessions it changes nothing: subscribers of a client-off IP keep being pushed)
 * @param version the config version of the change that wrote it
 */
public record ClientAddress(
    String address, String operation, boolean pub, boolean sub, long version) {

  public static final String CLIENT_OFF = "clientOff";
  public static final String REDUCE = "reduce";

  public boolean isClientOff() {
    return CLIENT_OFF.equals(operation);
  }

  public boolean isReduced() {
    return REDUCE.equals(operation);
  }
}
