package io.beacon.registry.data.change;

import io.beacon.registry.common.protocol.DataChangeNotice;
import java.util.concurrent.CompletionStage;

/** Delivers one change notice to one session; the seam {@link ChangeNotifier} is tested through. */
public interface NoticeSender {

  /**
   * Sends {@code notice} to the session at {@code sessionAddress}. Completes normally once the
   * session acknowledged it, exceptionally otherwise. Must not block.
   */
  CompletionStage<?> send(String sessionAddress, DataChangeNotice notice);

  /** Forgets whatever is kept for a session that left (pooled connections). */
  default void release(String sessionAddress) {}
}
