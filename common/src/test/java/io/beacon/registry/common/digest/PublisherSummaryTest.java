package io.beacon.registry.common.digest;

import static io.beacon.registry.common.digest.DigestFixtures.dataInfoId;
import static io.beacon.registry.common.digest.DigestFixtures.publisher;
import static io.beacon.registry.common.digest.DigestFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherSummaryTest {

  private static final String DATA = dataInfoId(1);

  @Test
  void summaryHoldsTheVersionOfEachRegisterId() {
    PublisherSummary summary =
        PublisherSummary.of(
            DATA, List.of(publisher(DATA, "a", 1, 10), publisher(DATA, "b", 2, 20)));

    assertThat(summary.versions())
        .containsOnly(Map.entry("a", version(1, 10)), Map.entry("b", version(2, 20)));
    assertThat(summary.version("missing")).isNull();
    assertThat(summary.size()).isEqualTo(2);
  }

  @Test
  void aDuplicateRegisterIdKeepsTheNewerVersionWhateverTheOrder() {
    PublisherSummary newerLast =
        PublisherSummary.of(
            DATA, List.of(publisher(DATA, "a", 1, 10), publisher(DATA, "a", 1, 11)));
    PublisherSummary newerFirst =
        PublisherSummary.of(
            DATA, List.of(publisher(DATA, "a", 1, 11), publisher(DATA, "a", 1, 10)));

    assertThat(newerLast.version("a")).isEqualTo(version(1, 11));
    assertThat(newerFirst).isEqualTo(newerLast);
  }

  @Test
  void aPublisherOfAnotherDataInfoIdIsRejected() {
    assertThatThrownBy(
            () -> PublisherSummary.of(DATA, List.of(publisher(dataInfoId(2), "a", 1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DATA);
  }

  @Test
  void byDataInfoIdGroupsPublishersInDataInfoIdOrder() {
    List<PublisherSummary> summaries =
        PublisherSummary.byDataInfoId(
            List.of(
                publisher(dataInfoId(3), "x", 1, 1),
                publisher(dataInfoId(1), "y", 1, 1),
                publisher(dataInfoId(3), "z", 1, 1)));

    assertThat(summaries)
        .extracting(PublisherSummary::dataInfoId)
        .containsExactly(dataInfoId(1), dataInfoId(3));
    assertThat(summaries.get(1).versions()).containsOnlyKeys("x", "z");
  }

  @Test
  void summaryIsACopyThatCannotBeChanged() {
    Map<String, io.beacon.registry.common.model.RegisterVersion> source = new HashMap<>();
    source.put("a", version(1, 1));
    PublisherSummary summary = new PublisherSummary(DATA, source);
    source.put("b", version(1, 1));

    assertThat(summary.versions()).containsOnlyKeys("a");
    assertThatThrownBy(() -> summary.versions().put("c", version(1, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(PublisherSummary.empty(DATA).digest()).isEqualTo(DatumDigest.EMPTY);
  }
}
