package io.beacon.registry.session.renew;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.rpc.RpcClient;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.registration.HandedOverPublishers;
import io.beacon.registry.session.registration.SessionRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The session's side of the repair loop (DESIGN.md §5), assembled: the {@link SessionRenewer} tells
 * each data leader every renew interval that this session lives and what it holds per slot, and the
 * {@link SlotSyncResponder} answers the leader's slot sync when the two differ, both from the
 * registry's publishers by slot ({@link SlotPublishers}). Immutable once built.
 */
public record Renewal(SessionRenewer renewer, SlotSyncResponder syncs) {

  public static Renewal create(
      SessionRegistry registry,
      HandedOverPublishers handedOver,
      SlotTableHolder tables,
      RpcClient dataClient,
      ProcessId processId,
      Supplier<String> sessionAddress,
      Duration timeout) {
    SlotPublishers publishers = new SlotPublishers(registry, handedOver);
    return new Renewal(
        new SessionRenewer(
            tables,
            publishers,
            dataClient,
            processId,
            sessionAddress,
            timeout,
            tables::requestRefresh),
        new SlotSyncResponder(publishers, processId));
  }
}
