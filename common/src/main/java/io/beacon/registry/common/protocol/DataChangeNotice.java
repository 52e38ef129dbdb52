package io.beacon.registry.common.protocol;

import java.util.Map;

/**
 * A data leader telling a session that datums changed: dataInfoId to its new version. The session
 * fetches what its subscribers need and ignores the rest. Answered with {@link Ack}.
 *
 * @param dataServer internal address of the sending data server
 * @param versions dataInfoId to the datum version after the change
 */
public record DataChangeNotice(String dataServer, Map<String, Long> versions) {

  public DataChangeNotice {
    versions = Map.copyOf(versions);
  }
}
