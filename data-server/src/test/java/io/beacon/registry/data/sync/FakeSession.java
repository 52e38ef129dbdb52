package io.beacon.registry.data.sync;

import io.beacon.registry.common.digest.DigestDiff;
import io.beacon.registry.common.digest.PublisherDiff;
import io.beacon.registry.common.digest.SlotDigest;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.protocol.Ack;
import io.beacon.registry.common.protocol.DataChangeNotice;
import io.beacon.registry.common.protocol.SlotDigestRequest;
import io.beacon.registry.common.protocol.SlotDigestResponse;
import io.beacon.registry.common.protocol.SlotPublisherDiffRequest;
import io.beacon.registry.common.protocol.SlotPublisherDiffResponse;
import io.beacon.registry.common.protocol.Status;
import io.beacon.registry.common.rpc.RpcServer;
import io.beacon.registry.common.slot.SlotFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A session's internal port on 127.0.0.1 for tests: answers slot sync rounds with the common digest
 * classes over a fixed set of publishers, as a real session does, and collects change notices.
 * Hooks run before an answer, on the server's executor, to change the world mid-pass.
 */
public final class FakeSession implements AutoCloseable {

  private final ProcessId processId;
  private final SlotFunction slots;
  private final RpcServer server;
  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private final BlockingQueue<DataChangeNotice> notices = new LinkedBlockingQueue<>();
  private final List<SlotPublisherDiffRequest> rounds = new CopyOnWriteArrayList<>();
  private volatile ProcessId answerAs;
  private volatile Consumer<SlotDigestRequest> beforeDigest = request -> {};
  private volatile Consumer<SlotPublisherDiffRequest> beforeRound = request -> {};

  public FakeSession(ProcessId processId, SlotFunction slots, Executor executor) {
    this(processId, slots, executor, 0);
  }

  public FakeSession(ProcessId processId, SlotFunction slots, Executor executor, int port) {
    this.processId = processId;
    this.answerAs = processId;
    this.slots = slots;
    this.server = new RpcServer("fake-session", "127.0.0.1", port, executor);
    server.register(
        DataChangeNotice.class,
        executor,
        (notice, connection) -> {
          notices.add(notice);
          return Ack.ok();
        });
    server.register(SlotDigestRequest.class, executor, (request, connection) -> digest(request));
    server.register(
        SlotPublisherDiffRequest.class, executor, (request, connection) -> round(request));
    server.start();
  }

  public String address() {
    return "127.0.0.1:" + server.port();
  }

  public ProcessId processId() {
    return processId;
  }

  public SyncPeer peer() {
    return new SyncPeer(processId, address());
  }

  /** Holds {@code publisher} (replacing the one of the same dataInfoId and registerId). */
  public void hold(Publisher publisher) {
    publishers.put(publisher.dataInfoId() + "/" + publisher.registerId(), publisher);
  }

  public void forget(Publisher publisher) {
    publishers.remove(publisher.dataInfoId() + "/" + publisher.registerId());
  }

  /** What this session holds in {@code slotId}. */
  public List<Publisher> ofSlot(int slotId) {
    List<Publisher> held = new ArrayList<>();
    for (Publisher publisher : publishers.values()) {
      if (slots.slotOf(publisher.dataInfoId()) == slotId) {
        held.add(publisher);
      }
    }
    return held;
  }

  public BlockingQueue<DataChangeNotice> notices() {
    return notices;
  }

  /** The publisher-diff requests answered so far. */
  public List<SlotPublisherDiffRequest> rounds() {
    return rounds;
  }

  public void answerAs(ProcessId processId) {
    this.answerAs = processId;
  }

  public void beforeDigest(Consumer<SlotDigestRequest> hook) {
    this.beforeDigest = hook;
  }

  public void beforeRound(Consumer<SlotPublisherDiffRequest> hook) {
    this.beforeRound = hook;
  }

  private SlotDigestResponse digest(SlotDigestRequest request) {
    beforeDigest.accept(request);
    SlotDigest own = SlotDigest.ofPublishers(ofSlot(request.slotId()));
    return new SlotDigestResponse(Status.OK, answerAs, DigestDiff.between(request.digest(), own));
  }

  private SlotPublisherDiffResponse round(SlotPublisherDiffRequest request) {
    rounds.add(request);
    beforeRound.accept(request);
    Map<String, List<Publisher>> byId = new HashMap<>();
    for (Publisher publisher : ofSlot(request.slotId())) {
      byId.computeIfAbsent(publisher.dataInfoId(), id -> new ArrayList<>()).add(publisher);
    }
    PublisherDiff diff =
        PublisherDiff.compute(
            request.summaries(), byId, request.resumeAfter(), request.maxPublishers());
    return new SlotPublisherDiffResponse(Status.OK, answerAs, diff);
  }

  @Override
  public void close() {
    server.close();
  }
}
