package io.beacon.registry.session.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.protocol.SlotChecksum;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.renew.SessionRenewer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /digest/session/slots}: what this session's renews carry now, so an operator or a test
 * can compare it with each data leader's {@code GET /digest/session/slots?processId=...}. Beacon's
 * own path (the reference has none). Stateless; runs on the HTTP executor and computes the
 * checksums with {@link SessionRenewer#checksumsByLeader} from the current table and registry.
 *
 * <pre>{@code
 * {"processId": "127.0.0.1-4711-1700000000000-1a2b3c",   // this incarnation, as renews send it
 *  "address": "127.0.0.1:9602",                           // advertised internal address
 *  "tableEpoch": 1700000000123456,
 *  "pendingWrites": 0,                                    // writes not yet acknowledged by a leader
 *  "slots": [{"slotId": 0, "leader": "127.0.0.1:9620", "leaderEpoch": 1700000000100000,
 *             "publisherCount": 12, "signature": -4265317760148315029}, ...]}
 * }</pre>
 *
 * <p>One entry per slot with a leader, sorted by slotId, empty slots included (count 0, signature
 * 0). {@code signature} is a signed 64-bit integer ({@code SlotDigest.signature()}); parse it as a
 * long. {@code slots} is empty while no table is assigned.
 */
public final class SessionDigestEndpoint {

  public static final String PATH = "/digest/session/slots";

  private final SessionRenewer renewer;
  private final SlotTableHolder tables;
  private final ProcessId processId;
  private final Supplier<String> address;
  private final IntSupplier pendingWrites;

  public SessionDigestEndpoint(
      SessionRenewer renewer,
      SlotTableHolder tables,
      ProcessId processId,
      Supplier<String> address,
      IntSupplier pendingWrites) {
    this.renewer = renewer;
    this.tables = tables;
    this.processId = processId;
    this.address = address;
    this.pendingWrites = pendingWrites;
  }

  public void install(AdminHttpServer http) {
    http.route("GET", PATH, this::slots);
  }

  /** The body of {@link #PATH}. */
  public record SessionDigests(
      String processId,
      String address,
      long tableEpoch,
      int pendingWrites,
      List<SlotDigestRow> slots) {}

  /** One slot's checksum as the renew to {@code leader} carries it. */
  public record SlotDigestRow(
      int slotId, String leader, long leaderEpoch, int publisherCount, long signature) {}

  HttpResponse slots(HttpRequest request) {
    return HttpResponse.json(200, digests());
  }

  SessionDigests digests() {
    SlotTable table = tables.current();
    List<SlotDigestRow> rows = new ArrayList<>();
    renewer
        .checksumsByLeader(table)
        .forEach(
            (leader, checksums) -> {
              for (SlotChecksum checksum : checksums) {
                rows.add(
                    new SlotDigestRow(
                        checksum.slotId(),
                        leader,
                        checksum.leaderEpoch(),
                        checksum.publisherCount(),
                        checksum.signature()));
              }
            });
    rows.sort(Comparator.comparingInt(SlotDigestRow::slotId));
    return new SessionDigests(
        processId.toString(), address.get(), table.epoch(), pendingWrites.getAsInt(), rows);
  }
}
