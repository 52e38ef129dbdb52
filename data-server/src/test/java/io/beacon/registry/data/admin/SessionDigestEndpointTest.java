package io.beacon.registry.data.admin;

import static io.beacon.registry.testing.TestPublishers.publisher;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.slot.Slot;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.data.SlotWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /digest/session/slots?processId=} of the data server's admin endpoints. */
class SessionDigestEndpointTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String OTHER = "10.0.0.2:9620";
  private static final ProcessId SESSION = new ProcessId("10.0.0.5", 1L, 11L, 1);
  private static final ProcessId OTHER_SESSION = new ProcessId("10.0.0.6", 2L, 22L, 2);
  private static final long LEADER_EPOCH = 7L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlotWorld world = new SlotWorld(SELF, 4);
  private final AdminEndpoints endpoints =
      new AdminEndpoints(world.store, world.tables, () -> SELF, () -> null);

  @Test
  void everyLedSlotShowsTheDigestOfTheSessionsOwnPublishersOnly() throws Exception {
    // Slots 0 and 2 led here, 1 and 3 elsewhere.
    world.tables.update(table(SELF, OTHER, SELF, OTHER));
    Publisher mine = publisher(world.idInSlot(0, 0), "r1", 1, SESSION);
    Publisher mineToo = publisher(world.idInSlot(0, 1), "r2", 3, SESSION);
    Publisher theirs = publisher(world.idInSlot(0, 0), "r3", 1, OTHER_SESSION);
    world.put(0, LEADER_EPOCH, mine, mineToo, theirs);

    JsonNode body = get(SESSION.toString());

    assertThat(body.get("node").asText()).isEqualTo(SELF);
    assertThat(body.get("tableEpoch").asLong()).isEqualTo(5L);
    assertThat(body.get("processId").asText()).isEqualTo(SESSION.toString());
    JsonNode rows = body.get("slots");
    assertThat(rows).hasSize(2);
    SlotDigest expected = SlotDigest.ofPublishers(List.of(mine, mineToo));
    assertThat(rows.get(0).get("slotId").asInt()).isZero();
    assertThat(rows.get(0).get("leaderEpoch").asLong()).isEqualTo(LEADER_EPOCH);
    assertThat(rows.get(0).get("publisherCount").asInt()).isEqualTo(2);
    assertThat(rows.get(0).get("signature").asLong()).isEqualTo(expected.signature());
    assertThat(rows.get(1).get("slotId").asInt()).isEqualTo(2);
    assertThat(rows.get(1).get("publisherCount").asInt()).isZero();
    assertThat(rows.get(1).get("signature").asLong()).isZero();
  }

  @Test
  void aSessionOwningNothingHereGetsEmptyDigestsOfEveryLedSlot() throws Exception {
    world.tables.update(table(SELF, SELF, OTHER, OTHER));
    world.put(0, LEADER_EPOCH, publisher(world.idInSlot(0, 0), "r1", 1, OTHER_SESSION));

    JsonNode rows = get(SESSION.toString()).get("slots");

    assertThat(rows).hasSize(2);
    rows.forEach(row -> assertThat(row.get("publisherCount").asInt()).isZero());
  }

  @Test
  void aMissingProcessIdIsAClearError() {
    HttpResponse response = endpoints.sessionDigests(request(Map.of()));

    assertThat(response.status()).isEqualTo(400);
    assertThat(new String(response.body())).contains("processId: missing (expected:");
  }

  private JsonNode get(String processId) throws Exception {
    HttpResponse response =
        endpoints.sessionDigests(request(Map.of("processId", List.of(processId))));
    assertThat(response.status()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpRequest request(Map<String, List<String>> query) {
    return new HttpRequest("GET", "/digest/session/slots", query, "", "127.0.0.1", Map.of(), null);
  }

  private SlotTable table(String... leaders) {
    return world.table(5L, i -> new Slot(i, leaders[i], LEADER_EPOCH, List.of()));
  }
}
