package io.beacon.registry.common.model;

/**
 * Names a client connection: {@code clientIp:clientPort_sessionIp:sessionPort}, as the reference
 * does.
 */
public final class ConnectId {

  private ConnectId() {}

  public static String of(String clientAddress, String sessionAddress) {
    return clientAddress + "_" + sessionAddress;
  }

  /** The client IP of a connectId, or an empty string for null or malformed input. */
  public static String clientIp(String connectId) {
    if (connectId == null) {
      return "";
    }
    int underscore = connectId.indexOf('_');
    String client = underscore < 0 ? connectId : connectId.substring(0, underscore);
    int colon = client.lastIndexOf(':');
    return colon < 0 ? client : client.substring(0, colon);
  }
}
