package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one side holds for one dataInfoId: registerId to {@link RegisterVersion}, without the
 * published values. This is what a requester sends so the responder can tell which publishers to
 * transfer. Immutable; a wire value.
 *
 * <p>If the same registerId appears twice in the input (a client briefly seen on two connections),
 * the newer version wins, which is what a version-guarded store would keep.
 *
 * @param dataInfoId the data the publishers publish to
 * @param versions registerId to the version held
 */
public record PublisherSummary(String dataInfoId, Map<String, RegisterVersion> versions) {

  public PublisherSummary {
    Objects.requireNonNull(dataInfoId, "dataInfoId");
    versions = versions == null ? Map.of() : Map.copyOf(versions);
  }

  public static PublisherSummary empty(String dataInfoId) {
    return new PublisherSummary(dataInfoId, Map.of());
  }

  /** The summary of {@code publishers}, which must all publish to {@code dataInfoId}. */
  public static PublisherSummary of(String dataInfoId, Collection<Publisher> publishers) {
    Map<String, RegisterVersion> versions = new HashMap<>();
    for (Publisher publisher : publishers) {
      requirePublishesTo(dataInfoId, publisher);
      versions.merge(publisher.registerId(), publisher.version(), PublisherSummary::newer);
    }
    return new PublisherSummary(dataInfoId, versions);
  }

  /** One summary per dataInfoId of {@code publishers}, in dataInfoId order. */
  public static List<PublisherSummary> byDataInfoId(Collection<Publisher> publishers) {
    Map<String, List<Publisher>> grouped = new TreeMap<>();
    for (Publisher publisher : publishers) {
      grouped.computeIfAbsent(publisher.dataInfoId(), id -> new ArrayList<>()).add(publisher);
    }
    List<PublisherSummary> summaries = new ArrayList<>(grouped.size());
    grouped.forEach((dataInfoId, group) -> summaries.add(of(dataInfoId, group)));
    return summaries;
  }

  /** The version held for {@code registerId}, or null if none. */
  public RegisterVersion version(String registerId) {
    return versions.get(registerId);
  }

  public int size() {
    return versions.size();
  }

  public boolean isEmpty() {
    return versions.isEmpty();
  }

  public DatumDigest digest() {
    return DatumDigest.of(versions);
  }

  static RegisterVersion newer(RegisterVersion a, RegisterVersion b) {
    return b.isNewerThan(a) ? b : a;
  }

  /** Refuses a publisher of another dataInfoId, naming both. */
  static void requirePublishesTo(String dataInfoId, Publisher publisher) {
    if (!publisher.dataInfoId().equals(dataInfoId)) {
      throw new IllegalArgumentException(
          "publisher "
              + publisher.registerId()
              + " publishes to "
              + publisher.dataInfoId()
              + " (expected: "
              + dataInfoId
              + ")");
    }
  }
}
