package io.beacon.registry.session.routing;

import static io.beacon.registry.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.RegisterVersion;
import io.beacon.registry.common.protocol.PublisherPut;
import io.beacon.registry.common.protocol.PublisherRemoval;
import io.beacon.registry.common.protocol.PublisherWrite;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.protocol.WriteBatchRequest;
import io.beacon.registry.common.retry.Backoff;
import io.beacon.registry.common.slot.SlotFunction;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.session.DataLeaderLink;
import io.beacon.registry.session.FakeDataLeader;
import io.beacon.registry.testing.TestPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataWriterTest {

  private static final ProcessId SESSION = new ProcessId("127.0.0.1", 1L, 1L, 1);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));

  @RegisterExtension final DataLeaderLink link = new DataLeaderLink();
  private final FakeDataLeader leader = link.leader;
  private final AtomicInteger staleTableCalls = new AtomicInteger();

  private SlotTableHolder tables;
  private DataWriter writer;

  @Test
  void writesReachTheLeaderInSubmissionOrderWithTheTableAndLeaderEpochs() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 7, 3));
    List<PublisherWrite> submitted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      submitted.add(i % 5 == 4 ? removal("svc" + (i % 3), "r" + i, 1) : put("svc" + i, "r" + i, 1));
    }

    submitted.forEach(writer::submit);

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactlyElementsOf(submitted);
    for (WriteBatchRequest request : leader.writeRequests()) {
      assertThat(request.slotId()).isZero();
      assertThat(request.tableEpoch()).isEqualTo(7);
      assertThat(request.leaderEpoch()).isEqualTo(3);
      assertThat(request.sessionProcessId()).isEqualTo(SESSION);
    }
  }

  @Test
  void anIdleSlotSendsAWriteAtOnceInABatchOfItsOwn() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    PublisherWrite write = put("svc", "r1", 1);

    writer.submit(write);

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.writeRequests()).hasSize(1);
    assertThat(leader.writeRequests().get(0).writes()).containsExactly(write);
  }

  @Test
  void aWriteSubmittedWhileABatchIsInFlightGoesInTheNextBatch() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.hold();
    PublisherWrite first = put("svc", "r1", 1);
    PublisherWrite second = put("svc", "r2", 1);
    PublisherWrite third = put("other", "r3", 1);

    writer.submit(first);
    await().until(() -> leader.batches().size() == 1);
    writer.submit(second);
    writer.submit(third);

    assertThat(writer.pendingCount()).isEqualTo(3);
    assertThat(leader.batches()).hasSize(1);
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.writeRequests())
        .extracting(WriteBatchRequest::writes)
        .containsExactly(List.of(first), List.of(second, third));
  }

  @Test
  void aNewerWriteOfTheSameRegistrationReplacesAPendingOlderOne() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.hold();
    PublisherWrite inFlight = put("svc", "blocker", 1);
    PublisherWrite a1 = put("svc", "a", 1);
    PublisherWrite b1 = put("svc", "b", 1);
    PublisherWrite a2 = put("svc", "a", 2);
    PublisherWrite c1 = put("svc", "c", 1);
    PublisherWrite cRemoved = removal("svc", "c", 1);

    writer.submit(inFlight);
    await().until(() -> leader.batches().size() == 1);
    List.of(a1, b1, a2, c1, cRemoved).forEach(writer::submit);
    assertThat(writer.pendingCount()).isEqualTo(4); // blocker + a2, b1, cRemoved
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.writeRequests()).hasSize(2);
    assertThat(leader.writeRequests().get(1).writes()).containsExactlyInAnyOrder(b1, a2, cRemoved);
  }

  @Test
  void aWriteOfTheSameRegistrationInFlightIsNotReplacedButFollowedByTheNewerOne() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.hold();
    PublisherWrite a1 = put("svc", "a", 1);
    PublisherWrite a2 = put("svc", "a", 2);

    writer.submit(a1);
    await().until(() -> leader.batches().size() == 1);
    writer.submit(a2);
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactly(a1, a2);
  }

  @Test
  void aBatchAnsweredNotLeaderIsRetriedUntilOkWithNothingLostOrDuplicated() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.answerWrites(Status.NOT_LEADER, Status.NOT_LEADER, Status.STALE_EPOCH);
    List<PublisherWrite> submitted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      submitted.add(put("svc" + i, "r" + i, 1));
    }

    submitted.forEach(writer::submit);

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.batches())
        .extracting(FakeDataLeader.ReceivedBatch::status)
        .startsWith(Status.NOT_LEADER, Status.NOT_LEADER, Status.STALE_EPOCH)
        .endsWith(Status.OK);
    assertThat(staleTableCalls).hasValue(3);
    assertThat(leader.acceptedWrites()).containsExactlyElementsOf(submitted);
  }

  @Test
  void busyAndMigratingAreRetriedWithoutAskingForANewTable() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.answerWrites(Status.BUSY, Status.MIGRATING);
    PublisherWrite write = put("svc", "r1", 1);

    writer.submit(write);

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.batches()).hasSize(3);
    assertThat(leader.acceptedWrites()).containsExactly(write);
    assertThat(staleTableCalls).hasValue(0);
  }

  @Test
  void aRetriedBatchKeepsItsPlaceAheadOfLaterWritesButYieldsToANewerVersion() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.hold();
    leader.answerWrites(Status.OK, Status.NOT_LEADER);
    PublisherWrite blocker = put("svc", "x", 1);
    PublisherWrite a1 = put("svc", "a", 1);
    PublisherWrite b1 = put("svc", "b", 1);
    PublisherWrite c1 = put("svc", "c", 1);
    PublisherWrite b2 = put("svc", "b", 2);

    writer.submit(blocker);
    await().until(() -> leader.batches().size() == 1);
    writer.submit(a1);
    writer.submit(b1);
    leader.answerHeld();
    await().until(() -> leader.batches().size() == 2);
    writer.submit(c1);
    writer.submit(b2);
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.writeRequests().get(1).writes()).containsExactly(a1, b1);
    assertThat(leader.batches().get(1).status()).isEqualTo(Status.NOT_LEADER);
    // The failed batch goes first again, except b1, which b2 replaced; c1 and b2 follow.
    assertThat(leader.acceptedWrites()).containsExactly(blocker, a1, c1, b2);
  }

  @Test
  void withNoTableAssignedNothingIsSentUntilATableArrives() {
    start(1, 100);
    List<PublisherWrite> submitted =
        List.of(put("a", "r1", 1), put("b", "r2", 1), put("c", "r3", 1));

    submitted.forEach(writer::submit);

    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.batches().isEmpty() && writer.pendingCount() == 3);
    tables.update(leader.tableLeadingAll(1, 1, 1));

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactlyElementsOf(submitted);
  }

  @Test
  void aSlotWithoutLeaderHoldsItsWritesUntilATableNamesOne() {
    start(1, 100);
    tables.update(FakeDataLeader.table(null, 1, 1, 0));
    PublisherWrite write = put("svc", "r1", 1);

    writer.submit(write);

    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> leader.batches().isEmpty());
    tables.update(leader.tableLeadingAll(1, 2, 1));
    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactly(write);
    assertThat(leader.writeRequests().get(0).tableEpoch()).isEqualTo(2);
  }

  @Test
  void anUnreachableLeaderIsRetriedAndTheWritesGoToTheLeaderOfANewerTable() {
    start(1, 100);
    tables.update(FakeDataLeader.table("127.0.0.1:1", 1, 1, 1));
    PublisherWrite write = put("svc", "r1", 1);

    writer.submit(write);

    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> writer.pendingCount() == 1);
    tables.update(leader.tableLeadingAll(1, 2, 5));
    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactly(write);
    assertThat(leader.writeRequests().get(0).leaderEpoch()).isEqualTo(5);
  }

  @Test
  void anInvalidBatchIsDroppedAndNotRetried() {
    start(1, 100);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.answerWrites(Status.INVALID);
    PublisherWrite refused = put("svc", "bad", 1);
    PublisherWrite next = put("svc", "good", 1);

    writer.submit(refused);
    await().until(() -> writer.pendingCount() == 0);
    writer.submit(next);

    await().until(() -> writer.pendingCount() == 0 && leader.batches().size() == 2);
    assertThat(leader.writeRequests())
        .extracting(WriteBatchRequest::writes)
        .containsExactly(List.of(refused), List.of(next));
    assertThat(leader.acceptedWrites()).containsExactly(next);
    assertThat(staleTableCalls).hasValue(0);
  }

  @Test
  void batchesAreCappedAtTheMaximumSize() {
    start(1, 2);
    tables.update(leader.tableLeadingAll(1, 1, 1));
    leader.hold();
    List<PublisherWrite> submitted = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      submitted.add(put("svc", "r" + i, 1));
    }

    writer.submit(submitted.get(0));
    await().until(() -> leader.batches().size() == 1);
    submitted.subList(1, 6).forEach(writer::submit);
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.writeRequests())
        .extracting(request -> request.writes().size())
        .containsExactly(1, 2, 2, 1);
    assertThat(leader.acceptedWrites()).containsExactlyElementsOf(submitted);
  }

  @Test
  void eachSlotGetsItsOwnBatchesWithItsSlotId() {
    int slotCount = 8;
    start(slotCount, 100);
    tables.update(leader.tableLeadingAll(slotCount, 4, 2));
    SlotFunction slots = new SlotFunction(slotCount);
    List<PublisherWrite> submitted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      submitted.add(put("svc" + i, "r" + i, 1));
    }

    submitted.forEach(writer::submit);

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactlyInAnyOrderElementsOf(submitted);
    for (WriteBatchRequest request : leader.writeRequests()) {
      assertThat(request.writes())
          .allSatisfy(w -> assertThat(slots.slotOf(w.dataInfoId())).isEqualTo(request.slotId()));
    }
    assertThat(leader.writeRequests()).extracting(WriteBatchRequest::slotId).hasSizeGreaterThan(1);
  }

  @Test
  void batchesOfOtherSlotsOfferedWhileOneIsInFlightToTheLeaderGoTogetherInOneRequest() {
    List<PublisherWrite> oneSlotEach = oneInFlightAndOthersWaiting(100, 5);

    assertThat(leader.batchesPerRequest()).containsExactly(1);
    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.batchesPerRequest()).containsExactly(1, 4);
    assertThat(leader.acceptedWrites()).containsExactlyInAnyOrderElementsOf(oneSlotEach);
  }

  @Test
  void eachBatchOfAJointRequestKeepsItsOwnAnswerAndRetries() {
    List<PublisherWrite> oneSlotEach = oneInFlightAndOthersWaiting(100, 4);
    // The first batch is answered OK; of the joint request's three, the middle one NOT_LEADER.
    leader.answerWrites(Status.OK, Status.OK, Status.NOT_LEADER, Status.OK);

    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.batchesPerRequest()).startsWith(1, 3);
    assertThat(leader.acceptedWrites()).containsExactlyInAnyOrderElementsOf(oneSlotEach);
    assertThat(staleTableCalls).hasValue(1);
  }

  @Test
  void aJointRequestCarriesAtMostAThousandWrites() {
    List<PublisherWrite> submitted = new ArrayList<>(oneInFlightAndOthersWaiting(400, 4));
    // The three waiting slots get 399 more writes each: 399 + 399 fit one request, not 1 197.
    for (PublisherWrite first : List.copyOf(submitted.subList(1, 4))) {
      String dataId = first.dataInfoId().substring(0, first.dataInfoId().indexOf("#@#"));
      for (int i = 1; i < 400; i++) {
        PublisherWrite write = put(dataId, first.registerId() + "-" + i, 1);
        writer.submit(write);
        submitted.add(write);
      }
    }

    leader.release();

    await().until(() -> writer.pendingCount() == 0);
    assertThat(leader.acceptedWrites()).containsExactlyInAnyOrderElementsOf(submitted);
    // The slots' first batches (one write each, taken as the writes came) went together; their
    // remaining 399 each did not all fit the next request.
    List<Integer> writesPerRequest = new ArrayList<>();
    List<WriteBatchRequest> received = leader.writeRequests();
    int next = 0;
    for (int batches : leader.batchesPerRequest()) {
      int writes = 0;
      for (int i = 0; i < batches; i++) {
        writes += received.get(next++).writes().size();
      }
      writesPerRequest.add(writes);
    }
    assertThat(leader.batchesPerRequest()).containsExactly(1, 3, 2, 1);
    assertThat(writesPerRequest).containsExactly(1, 3, 798, 399);
  }

  /**
   * Starts a writer over 16 slots (batches of at most {@code maxBatch}), holds the leader's
   * answers, submits a write of one slot and, while its batch is in flight, a write of each of
   * {@code slots - 1} other slots; returns these writes, the one in flight first.
   */
  private List<PublisherWrite> oneInFlightAndOthersWaiting(int maxBatch, int slots) {
    start(16, maxBatch);
    tables.update(leader.tableLeadingAll(16, 1, 1));
    List<PublisherWrite> oneSlotEach = writesInDistinctSlots(16, slots);
    leader.hold();
    writer.submit(oneSlotEach.get(0));
    await().until(() -> leader.batches().size() == 1);
    oneSlotEach.subList(1, slots).forEach(writer::submit);
    return oneSlotEach;
  }

  /** {@code count} puts whose dataInfoIds fall in {@code count} different slots. */
  private static List<PublisherWrite> writesInDistinctSlots(int slotCount, int count) {
    SlotFunction slots = new SlotFunction(slotCount);
    java.util.Set<Integer> used = new java.util.HashSet<>();
    List<PublisherWrite> writes = new ArrayList<>();
    for (int i = 0; writes.size() < count; i++) {
      PublisherWrite write = put("svc" + i, "r" + i, 1);
      if (used.add(slots.slotOf(write.dataInfoId()))) {
        writes.add(write);
      }
    }
    return writes;
  }

  private void start(int slotCount, int maxBatch) {
    tables = new SlotTableHolder(slotCount);
    writer =
        new DataWriter(
            new SlotFunction(slotCount),
            tables,
            link.client,
            SESSION,
            Duration.ofSeconds(2),
            BACKOFF,
            maxBatch,
            link.scheduler,
            staleTableCalls::incrementAndGet);
  }

  private static PublisherWrite put(String dataId, String registerId, long version) {
    return new PublisherPut(
        TestPublishers.publisher(
            TestPublishers.dataInfoId(dataId),
            registerId,
            version,
            SESSION,
            registerId + "-v" + version));
  }

  private static PublisherWrite removal(String dataId, String registerId, long version) {
    return new PublisherRemoval(
        TestPublishers.dataInfoId(dataId),
        registerId,
        new RegisterVersion(version, 1_000L),
        SESSION);
  }
}
