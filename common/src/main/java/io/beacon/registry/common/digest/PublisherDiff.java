package io.beacon.registry.common.digest;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One bounded round of a publisher diff: what the responder tells the requester to put and to
 * remove so that the requester's publishers of the summarized dataInfoIds match the responder's.
 * Immutable; a wire value (what a responder answers to a publisher-diff request).
 *
 * <p>Algorithm: only the dataInfoIds the requester summarized are compared (an empty summary asks
 * for everything the responder holds there). Differences are walked in the total order (dataInfoId,
 * registerId): a registerId the responder holds at a different {@link RegisterVersion} than the
 * summary (or that the summary lacks) yields the responder's whole {@link Publisher}; a registerId
 * only the summary holds yields a {@link RemovedPublisher} carrying the summarized version. Puts
 * and removals both count against {@code maxPublishers}, which bounds the reply's size.
 *
 * <p>Progress: when a difference is left over, {@code hasRemaining} is set and {@code resumeAfter}
 * names the last difference returned; the requester passes it back and the next round starts
 * strictly after it. A pass over D differences therefore takes exactly ceil(D / max) rounds, even
 * if the requester cannot apply some of them (its store refuses an older version): nothing is
 * returned twice in one pass. What changes behind the cursor during a pass is caught by the next
 * digest comparison, not by this pass.
 *
 * @param updated the responder's publishers that the requester lacks or holds at another version
 * @param removed the registerIds the requester summarized and the responder does not hold
 * @param hasRemaining whether differences after {@code resumeAfter} were left for another round
 * @param resumeAfter where the next round starts (exclusive); null exactly when nothing remains
 */
public record PublisherDiff(
    List<Publisher> updated,
    List<RemovedPublisher> removed,
    boolean hasRemaining,
    DiffCursor resumeAfter) {

  public PublisherDiff {
    updated = updated == null ? List.of() : List.copyOf(updated);
    removed = removed == null ? List.of() : List.copyOf(removed);
    if (hasRemaining != (resumeAfter != null)) {
      throw new IllegalArgumentException(
          "resumeAfter: " + resumeAfter + " (expected: non-null exactly when hasRemaining)");
    }
  }

  /** The first round: compares from the start. */
  public static PublisherDiff compute(
      Collection<PublisherSummary> requester,
      Map<String, List<Publisher>> responder,
      int maxPublishers) {
    return compute(requester, responder, null, maxPublishers);
  }

  /**
   * One round, starting strictly after {@code after} (null for the first round).
   *
   * @param requester the requester's summaries, at most one per dataInfoId
   * @param responder the responder's publishers per dataInfoId (absent means none)
   * @param maxPublishers the most puts plus removals to return, at least 1
   */
  public static PublisherDiff compute(
      Collection<PublisherSummary> requester,
      Map<String, List<Publisher>> responder,
      DiffCursor after,
      int maxPublishers) {
    if (maxPublishers < 1) {
      throw new IllegalArgumentException("maxPublishers: " + maxPublishers + " (expected: >= 1)");
    }
    Round round = new Round(maxPublishers);
    for (PublisherSummary summary : sortedByDataInfoId(requester).values()) {
      if (after != null && summary.dataInfoId().compareTo(after.dataInfoId()) < 0) {
        continue;
      }
      List<Publisher> held = responder.getOrDefault(summary.dataInfoId(), List.of());
      if (!round.compare(summary, newestByRegisterId(summary.dataInfoId(), held), after)) {
        break;
      }
    }
    return round.result();
  }

  public boolean isEmpty() {
    return updated.isEmpty() && removed.isEmpty();
  }

  /** Puts plus removals in this round. */
  public int size() {
    return updated.size() + removed.size();
  }

  private static Map<String, PublisherSummary> sortedByDataInfoId(
      Collection<PublisherSummary> summaries) {
    Map<String, PublisherSummary> sorted = new TreeMap<>();
    for (PublisherSummary summary : summaries) {
      if (sorted.put(summary.dataInfoId(), summary) != null) {
        throw new IllegalArgumentException("duplicate summary for " + summary.dataInfoId());
      }
    }
    return sorted;
  }

  private static Map<String, Publisher> newestByRegisterId(
      String dataInfoId, List<Publisher> publishers) {
    Map<String, Publisher> newest = new HashMap<>();
    for (Publisher publisher : publishers) {
      PublisherSummary.requirePublishesTo(dataInfoId, publisher);
      newest.merge(
          publisher.registerId(),
          publisher,
          (a, b) -> b.version().isNewerThan(a.version()) ? b : a);
    }
    return newest;
  }

  /** Collects one round's differences up to the cap. Confined to one compute call. */
  private static final class Round {

    private final int max;
    private final List<Publisher> updated = new ArrayList<>();
    private final List<RemovedPublisher> removed = new ArrayList<>();
    private DiffCursor last;
    private boolean full;

    Round(int max) {
      this.max = max;
    }

    /** Adds the differences of one dataInfoId; returns false once one did not fit. */
    boolean compare(PublisherSummary mine, Map<String, Publisher> theirs, DiffCursor after) {
      TreeSet<String> registerIds = new TreeSet<>(mine.versions().keySet());
      registerIds.addAll(theirs.keySet());
      for (String registerId : registerIds) {
        if (after != null && !after.isBefore(mine.dataInfoId(), registerId)) {
          continue;
        }
        RegisterVersion held = mine.version(registerId);
        Publisher their = theirs.get(registerId);
        boolean differs = their == null || !their.version().equals(held);
        if (differs && !add(mine.dataInfoId(), registerId, held, their)) {
          return false;
        }
      }
      return true;
    }

    private boolean add(String dataInfoId, String registerId, RegisterVersion held, Publisher p) {
      if (updated.size() + removed.size() == max) {
        full = true;
        return false;
      }
      if (p != null) {
        updated.add(p);
      } else {
        removed.add(new RemovedPublisher(dataInfoId, registerId, held));
      }
      last = new DiffCursor(dataInfoId, registerId);
      return true;
    }

    PublisherDiff result() {
      return new PublisherDiff(updated, removed, full, full ? last : null);
    }
  }
}
