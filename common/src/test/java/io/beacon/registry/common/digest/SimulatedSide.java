package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One side of a simulated slot diff sync: the publishers of one slot, per dataInfoId, and the two
 * ways a requester applies a {@link PublisherDiff} (a follower mirrors its leader; a data leader
 * syncing from a session only stores newer versions). Mutable; confined to one test.
 */
final class SimulatedSide {

  private final Map<String, Map<String, Publisher>> datums = new TreeMap<>();

  static SimulatedSide random(Random random) {
    SimulatedSide side = new SimulatedSide();
    int datumCount = random.nextInt(12);
    for (int d = 0; d < datumCount; d++) {
      String dataInfoId = DigestFixtures.dataInfoId(random.nextInt(30));
      int publisherCount = random.nextInt(16);
      for (int p = 0; p < publisherCount; p++) {
        side.put(randomPublisher(random, dataInfoId));
      }
    }
    return side;
  }

  static Publisher randomPublisher(Random random, String dataInfoId) {
    return DigestFixtures.publisher(
        dataInfoId, "r" + random.nextInt(40), 1 + random.nextInt(5), 1 + random.nextInt(3));
  }

  SimulatedSide copy() {
    SimulatedSide copy = new SimulatedSide();
    datums.forEach((id, publishers) -> copy.datums.put(id, new TreeMap<>(publishers)));
    return copy;
  }

  void put(Publisher publisher) {
    datums
        .computeIfAbsent(publisher.dataInfoId(), id -> new TreeMap<>())
        .put(publisher.registerId(), publisher);
  }

  void remove(String dataInfoId, String registerId) {
    Map<String, Publisher> publishers = datums.get(dataInfoId);
    if (publishers != null) {
      publishers.remove(registerId);
    }
  }

  List<Publisher> all() {
    List<Publisher> all = new ArrayList<>();
    datums.values().forEach(publishers -> all.addAll(publishers.values()));
    return all;
  }

  SlotDigest digest() {
    return SlotDigest.ofPublishers(all());
  }

  List<PublisherSummary> summaries(List<String> dataInfoIds) {
    List<PublisherSummary> summaries = new ArrayList<>();
    for (String dataInfoId : dataInfoIds) {
      Map<String, Publisher> held = datums.getOrDefault(dataInfoId, Map.of());
      summaries.add(PublisherSummary.of(dataInfoId, held.values()));
    }
    return summaries;
  }

  Map<String, List<Publisher>> publishers() {
    Map<String, List<Publisher>> byId = new TreeMap<>();
    datums.forEach((id, publishers) -> byId.put(id, List.copyOf(publishers.values())));
    return byId;
  }

  /** registerId to version per non-empty dataInfoId: what digests are meant to capture. */
  Map<String, Map<String, RegisterVersion>> versions() {
    Map<String, Map<String, RegisterVersion>> versions = new TreeMap<>();
    datums.forEach(
        (id, publishers) -> {
          if (!publishers.isEmpty()) {
            Map<String, RegisterVersion> byRegisterId = new TreeMap<>();
            publishers.forEach((registerId, p) -> byRegisterId.put(registerId, p.version()));
            versions.put(id, byRegisterId);
          }
        });
    return versions;
  }

  /** How many (dataInfoId, registerId) positions hold different versions on the two sides. */
  int differencesWith(SimulatedSide other) {
    Map<String, Map<String, RegisterVersion>> mine = versions();
    Map<String, Map<String, RegisterVersion>> theirs = other.versions();
    Set<String> ids = new HashSet<>(mine.keySet());
    ids.addAll(theirs.keySet());
    int differences = 0;
    for (String id : ids) {
      Map<String, RegisterVersion> a = mine.getOrDefault(id, Map.of());
      Map<String, RegisterVersion> b = theirs.getOrDefault(id, Map.of());
      Set<String> registerIds = new HashSet<>(a.keySet());
      registerIds.addAll(b.keySet());
      for (String registerId : registerIds) {
        if (!Objects.equals(a.get(registerId), b.get(registerId))) {
          differences++;
        }
      }
    }
    return differences;
  }

  /** A follower applying its leader's answer: the leader's publisher replaces whatever is held. */
  void applyMirroring(PublisherDiff diff) {
    diff.updated().forEach(this::put);
    diff.removed().forEach(this::removeIfNotNewer);
  }

  /** A data leader applying a session's answer: only newer versions are stored. */
  void applyVersionGuarded(PublisherDiff diff) {
    for (Publisher publisher : diff.updated()) {
      Publisher held =
          datums.getOrDefault(publisher.dataInfoId(), Map.of()).get(publisher.registerId());
      if (held == null || publisher.version().isNewerThan(held.version())) {
        put(publisher);
      }
    }
    diff.removed().forEach(this::removeIfNotNewer);
  }

  private void removeIfNotNewer(RemovedPublisher removed) {
    Publisher held = datums.getOrDefault(removed.dataInfoId(), Map.of()).get(removed.registerId());
    if (held != null && !held.version().isNewerThan(removed.version())) {
      remove(removed.dataInfoId(), removed.registerId());
    }
  }
}
