package io.beacon.registry.session.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.colocation.PublisherPool;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.registration.SessionRegistry;
import io.beacon.registry.session.renew.SessionRenewer;
import io.beacon.registry.session.renew.SlotPublishers;
import io.beacon.registry.testing.TestPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /digest/session/slots} shows exactly the checksums a renew carries. */
class SessionDigestEndpointTest {

  private static final int SLOTS = 4;
  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlotFunction slots = new SlotFunction(SLOTS);
  private final SessionRegistry registry = new SessionRegistry(PublisherPool.none(), slots);
  private final SlotTableHolder tables = new SlotTableHolder(SLOTS);
  // No RPC happens: the endpoint only computes what a renew would send.
  private final SessionRenewer renewer =
      new SessionRenewer(
          tables,
          new SlotPublishers(registry),
          null,
          SESSION,
          () -> "127.0.0.1:19602",
          Duration.ofSeconds(1),
          () -> {});
  private final SessionDigestEndpoint endpoint =
      new SessionDigestEndpoint(renewer, tables, SESSION, () -> "127.0.0.1:19602", () -> 3);

  @Test
  void everySlotWithALeaderShowsTheChecksumOfThisSessionsPublishersThere() throws Exception {
    tables.update(table(9, "10.0.0.1:9620", "10.0.0.2:9620", null, "10.0.0.1:9620"));
    Publisher publisher = publisher("svc");
    registry.putPublisher(publisher);
    int slotOfPublisher = slots.slotOf(publisher.dataInfoId());

    JsonNode body = get();

    assertThat(body.get("processId").asText()).isEqualTo(SESSION.toString());
    assertThat(body.get("address").asText()).isEqualTo("127.0.0.1:19602");
    assertThat(body.get("tableEpoch").asLong()).isEqualTo(9);
    assertThat(body.get("pendingWrites").asInt()).isEqualTo(3);
    JsonNode rows = body.get("slots");
    assertThat(rows).extracting(row -> row.get("slotId").asInt()).containsExactly(0, 1, 3);
    for (JsonNode row : rows) {
      int slotId = row.get("slotId").asInt();
      boolean holds = slotId == slotOfPublisher;
      assertThat(row.get("leader").asText()).isEqualTo(tables.current().slot(slotId).leader());
      assertThat(row.get("leaderEpoch").asLong()).isEqualTo(5);
      assertThat(row.get("publisherCount").asInt()).isEqualTo(holds ? 1 : 0);
      assertThat(row.get("signature").asLong())
          .isEqualTo(holds ? SlotDigest.ofPublishers(List.of(publisher)).signature() : 0L);
    }
  }

  @Test
  void withoutATableThereAreNoSlots() throws Exception {
    registry.putPublisher(publisher("svc"));

    assertThat(get().get("slots")).isEmpty();
  }

  private JsonNode get() throws Exception {
    HttpResponse response =
        endpoint.slots(
            new HttpRequest(
                "GET", SessionDigestEndpoint.PATH, Map.of(), "", "127.0.0.1", Map.of(), null));
    assertThat(response.status()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static SlotTable table(long epoch, String... leaders) {
    Slot[] slots = new Slot[leaders.length];
    for (int i = 0; i < leaders.length; i++) {
      slots[i] = new Slot(i, leaders[i], 5, List.of());
    }
    return new SlotTable(epoch, List.of(slots));
  }

  private static Publisher publisher(String dataId) {
    return TestPublishers.publisher(
        TestPublishers.dataInfoId(dataId), "r-" + dataId, 1, SESSION, "v");
  }
}
