package io.beacon.registry.data.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.Datum;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.FetchDatumRequest;
import io.beacon.registry.common.protocol.FetchDatumResponse;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.protocol.WriteBatchResponse;
import io.beacon.registry.common.protocol.WriteBatchesRequest;
import io.beacon.registry.common.protocol.WriteBatchesResponse;
import io.beacon.registry.data.SlotWorld;
import io.beacon.registry.testing.TestPublishers;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandlersTest {

  private static final String SELF = "10.0.0.1:9620";
  private static final String SESSION = "10.0.0.5:9602";
  private static final ProcessId SESSION_ID = new ProcessId("10.0.0.5", 1, 1, 1);
  private static final long TABLE_EPOCH = 9;
  private static final long LEADER_EPOCH = 4;

  private final SlotWorld world = new SlotWorld(SELF, 8);
  private final WriteBatchHandler writes =
      new WriteBatchHandler(world.store, world.access, world.notifier, world.leases);
  private final FetchDatumHandler fetches = new FetchDatumHandler(world.store, world.access);

  @BeforeEach
  void leadEverySlot() {
    world.leadEverySlot(TABLE_EPOCH, LEADER_EPOCH);
    world.notifier.updateSessions(List.of(SESSION));
  }

  @Test
  void anAppliedBatchIsAnsweredOkAndNotifiesTheSessions() {
    String id = idInSlot(3, 0);

    WriteBatchResponse response = writes.handle(batch(3, LEADER_EPOCH, put(id, "r1")), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.tableEpoch()).isEqualTo(TABLE_EPOCH);
    assertThat(world.notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.dataServer()).isEqualTo(SELF);
              assertThat(n.versions()).containsOnlyKeys(id);
            });
  }

  @Test
  void aBatchRenewsTheLeaseOfItsSessionEvenWhenRefused() {
    writes.handle(batch(3, LEADER_EPOCH - 1, put(idInSlot(3, 0), "r1")), null);

    assertThat(world.leases.lastSeen(SESSION_ID)).contains(world.clock.instant());
  }

  @Test
  void aBatchThatChangesNothingNotifiesNobody() {
    String id = idInSlot(3, 0);
    writes.handle(batch(3, LEADER_EPOCH, put(id, "r1")), null);

    WriteBatchResponse again = writes.handle(batch(3, LEADER_EPOCH, put(id, "r1")), null);

    assertThat(again.status()).isEqualTo(Status.OK);
    assertThat(world.notices).hasSize(1);
  }

  @Test
  void aBatchWithAWriteOfAnotherSlotIsInvalidAndNothingIsApplied() {
    String good = idInSlot(3, 0);
    String foreign = idInSlot(4, 0);

    WriteBatchResponse response =
        writes.handle(batch(3, LEADER_EPOCH, put(good, "r1"), put(foreign, "r1")), null);

    assertThat(response.status()).isEqualTo(Status.INVALID);
    assertThat(response.message()).contains(foreign);
    assertThat(world.store.counts().publishers()).isZero();
  }

  @Test
  void aBatchWithAWrongLeaderEpochIsStaleAndCarriesOurTableEpoch() {
    WriteBatchResponse response =
        writes.handle(batch(3, LEADER_EPOCH - 1, put(idInSlot(3, 0), "r1")), null);

    assertThat(response.status()).isEqualTo(Status.STALE_EPOCH);
    assertThat(response.tableEpoch()).isEqualTo(TABLE_EPOCH);
    assertThat(world.store.counts().publishers()).isZero();
  }

  @Test
  void batchesSentTogetherAreEachAppliedAndAnsweredAsIfSentAlone() {
    String three = idInSlot(3, 0);
    String five = idInSlot(5, 0);
    WriteBatchesHandler together = new WriteBatchesHandler(writes);

    WriteBatchesResponse response =
        together.handle(
            new WriteBatchesRequest(
                List.of(
                    batch(3, LEADER_EPOCH, put(three, "r1")),
                    batch(4, LEADER_EPOCH, put(idInSlot(5, 1), "r1")),
                    batch(5, LEADER_EPOCH - 1, put(five, "r2")),
                    batch(5, LEADER_EPOCH, put(five, "r3")))),
            null);

    assertThat(response.responses())
        .extracting(WriteBatchResponse::status)
        .containsExactly(Status.OK, Status.INVALID, Status.STALE_EPOCH, Status.OK);
    assertThat(world.store.datum(three).publishers())
        .extracting(Publisher::registerId)
        .containsExactly("r1");
    assertThat(world.store.datum(five).publishers())
        .extracting(Publisher::registerId)
        .containsExactly("r3");
    assertThat(world.store.counts().publishers()).isEqualTo(2);
  }

  @Test
  void aFetchAnswersOneDatumPerIdInOrderAndEmptyForUnknownIds() {
    String known = idInSlot(2, 0);
    String unknown = idInSlot(2, 1);
    writes.handle(batch(2, LEADER_EPOCH, put(known, "r1")), null);

    FetchDatumResponse response =
        fetches.handle(
            new FetchDatumRequest(2, TABLE_EPOCH, LEADER_EPOCH, List.of(unknown, known)), null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.datums()).hasSize(2);
    assertThat(response.datums().get(0)).isEqualTo(Datum.empty(unknown));
    assertThat(response.datums().get(1).dataInfoId()).isEqualTo(known);
    assertThat(response.datums().get(1).publishers()).hasSize(1);
  }

  @Test
  void aFetchNamingTheVersionASessionHoldsIsAnsweredWithWhatChangedSince() {
    String id = idInSlot(2, 0);
    String other = idInSlot(2, 1);
    writes.handle(batch(2, LEADER_EPOCH, put(id, "r1"), put(other, "r9")), null);
    Datum held =
        fetches
            .handle(
                new FetchDatumRequest(
                    2, TABLE_EPOCH, LEADER_EPOCH, List.of(id), List.of(Datum.NO_VERSION)),
                null)
            .datums()
            .get(0);
    writes.handle(batch(2, LEADER_EPOCH, put(id, "r2")), null);

    FetchDatumResponse response =
        fetches.handle(
            new FetchDatumRequest(
                2,
                TABLE_EPOCH,
                LEADER_EPOCH,
                List.of(other, id),
                List.of(Datum.NO_VERSION, held.version())),
            null);

    assertThat(response.status()).isEqualTo(Status.OK);
    assertThat(response.datums()).extracting(Datum::dataInfoId).containsExactly(other);
    assertThat(response.deltas())
        .singleElement()
        .satisfies(
            delta -> {
              assertThat(delta.dataInfoId()).isEqualTo(id);
              assertThat(delta.fromVersion()).isEqualTo(held.version());
              assertThat(delta.changed()).extracting(Publisher::registerId).containsExactly("r2");
              assertThat(delta.applyTo(held)).isEqualTo(world.store.datum(id));
            });
  }

  @Test
  void aFetchWhoseKnownVersionsAreNotOnePerIdIsInvalid() {
    FetchDatumResponse response =
        fetches.handle(
            new FetchDatumRequest(
                2, TABLE_EPOCH, LEADER_EPOCH, List.of(idInSlot(2, 0), idInSlot(2, 1)), List.of(5L)),
            null);

    assertThat(response.status()).isEqualTo(Status.INVALID);
    assertThat(response.datums()).isEmpty();
    assertThat(response.deltas()).isEmpty();
  }

  @Test
  void aFetchWhoseKnownVersionsAreNotLongsIsInvalid() {
    // What a hostile Hessian stream can decode into a List<Long>.
    @SuppressWarnings("unchecked")
    List<Long> integers = (List<Long>) (List<?>) List.of(5);

    FetchDatumResponse response =
        fetches.handle(
            new FetchDatumRequest(2, TABLE_EPOCH, LEADER_EPOCH, List.of(idInSlot(2, 0)), integers),
            null);

    assertThat(response.status()).isEqualTo(Status.INVALID);
  }

  @Test
  void aFetchOfAnIdOfAnotherSlotIsInvalid() {
    FetchDatumResponse response =
        fetches.handle(
            new FetchDatumRequest(
                2, TABLE_EPOCH, LEADER_EPOCH, List.of(idInSlot(2, 0), idInSlot(5, 0))),
            null);

    assertThat(response.status()).isEqualTo(Status.INVALID);
    assertThat(response.datums()).isEmpty();
  }

  @Test
  void aFetchForASlotOutOfRangeIsInvalid() {
    FetchDatumResponse response =
        fetches.handle(new FetchDatumRequest(8, TABLE_EPOCH, LEADER_EPOCH, List.of()), null);

    assertThat(response.status()).isEqualTo(Status.INVALID);
  }

  private WriteBatchRequest batch(int slotId, long leaderEpoch, PublisherWrite... writes) {
    return new WriteBatchRequest(SESSION_ID, slotId, TABLE_EPOCH, leaderEpoch, List.of(writes));
  }

  private static PublisherPut put(String dataInfoId, String registerId) {
    return new PublisherPut(TestPublishers.publisher(dataInfoId, registerId, 1, SESSION_ID));
  }

  private String idInSlot(int slotId, int nth) {
    return world.idInSlot(slotId, nth);
  }
}
