package io.beacon.registry.data.rpc;

import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.SessionRenewRequest;
import io.beacon.registry.common.protocol.SessionRenewResponse;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcConnection;
import io.beacon.registry.common.rpc.RpcHandler;
import io.beacon.registry.data.lease.SessionLeases;
import io.beacon.registry.data.slot.SlotAccess;
import io.beacon.registry.data.store.DatumStore;
import io.beacon.registry.data.store.SlotRead;
import io.beacon.registry.data.sync.SessionSync;
import io.beacon.registry.data.sync.SyncPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a session's {@link SessionRenewRequest}: renews the session process's lease, then checks
 * each {@link SlotChecksum} against this node's digest of the publishers that process owns in the
 * slot (count and signature, kept incrementally by the store, read under the slot's lock). A slot
 * not led here or under another leader epoch is refused (the session refreshes its table); a slot
 * whose checksum differs is reported as mismatched and repaired by a sync pass queued on the sync
 * executor, at most one per (slot, session process), never run on this thread. The pass goes to the
 * address meta lists for that session process, never to the one the request claims: a renew cannot
 * make this node dial an arbitrary address, and a session meta does not list (yet) is repaired by
 * its next renew once it is listed. Stateless; runs on the RPC executor.
 */
public final class SessionRenewHandler implements RpcHandler<SessionRenewRequest> {

  private static final Logger log = LoggerFactory.getLogger(SessionRenewHandler.class);

  private final DatumStore store;
  private final SlotAccess access;
  private final SessionLeases leases;
  private final SessionSync sync;
  private final Function<ProcessId, String> listedAddress;

  /**
   * @param listedAddress the internal address meta lists for a session process, or null if it does
   *     not list it
   */
  public SessionRenewHandler(
      DatumStore store,
      SlotAccess access,
      SessionLeases leases,
      SessionSync sync,
      Function<ProcessId, String> listedAddress) {
    this.store = store;
    this.access = access;
    this.leases = leases;
    this.sync = sync;
    this.listedAddress = listedAddress;
  }

  @Override
  public SessionRenewResponse handle(SessionRenewRequest request, RpcConnection connection) {
    String invalid = validate(request);
    if (invalid != null) {
      log.debug("renew refused as invalid peer={} reason={}", connection, invalid);
      return new SessionRenewResponse(Status.INVALID, access.tableEpoch(), null, null);
    }
    ProcessId session = request.sessionProcessId();
    leases.renew(session);
    access.observeCallerTable(request.tableEpoch());
    String address = listedAddress.apply(session);
    if (address != null && !address.equals(request.sessionAddress())) {
      log.debug(
          "renew names another address than meta lists session={} claimed={} listed={}",
          session,
          request.sessionAddress(),
          address);
    }
    SyncPeer peer = address == null ? null : new SyncPeer(session, address);
    List<Integer> mismatched = new ArrayList<>();
    List<Integer> refused = new ArrayList<>();
    for (SlotChecksum checksum : request.slots()) {
      int slotId = checksum.slotId();
      long leaderEpoch = checksum.leaderEpoch();
      SlotRead<SlotDigest> held =
          store
              .slot(slotId)
              .ownedDigest(() -> access.check(slotId, leaderEpoch), leaderEpoch, session);
      if (!held.isOk()) {
        refused.add(slotId);
      } else if (held.value().publisherCount() != checksum.publisherCount()
          || held.value().signature() != checksum.signature()) {
        mismatched.add(slotId);
        if (peer != null) {
          sync.schedule(slotId, leaderEpoch, peer);
        }
      }
    }
    return new SessionRenewResponse(Status.OK, access.tableEpoch(), mismatched, refused);
  }

  private String validate(SessionRenewRequest request) {
    if (request.sessionProcessId() == null) {
      return "sessionProcessId: null (expected: the renewing session's process id)";
    }
    if (request.sessionAddress() == null || request.sessionAddress().isBlank()) {
      return "sessionAddress: "
          + request.sessionAddress()
          + " (expected: the session's internal host:port)";
    }
    for (SlotChecksum checksum : request.slots()) {
      if (checksum == null
          || checksum.slotId() < 0
          || checksum.slotId() >= store.slotCount()
          || checksum.publisherCount() < 0) {
        return "slots: "
            + checksum
            + " (expected: slotId in 0.."
            + (store.slotCount() - 1)
            + ", publisherCount >= 0)";
      }
    }
    return null;
  }
}
