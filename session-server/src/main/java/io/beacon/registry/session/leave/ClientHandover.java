package io.beacon.registry.session.leave;

import java.util.List;

/** The client port as a leave (or, later, an operator's drain) moves its clients away. */
public interface ClientHandover {

  /** From now on new client connections are closed as soon as they are accepted. */
  void refuseNewConnections();

  /** The connectIds of the open client connections (a copy). */
  List<String> openConnectIds();

  /**
   * Closes {@code connectId} so that its client moves to another session: its publishers stay
   * claimed by this session and no removal reaches the data servers, since the client registers
   * them again elsewhere. False if it was not open.
   */
  boolean handOver(String connectId);
}
