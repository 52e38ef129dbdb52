package io.beacon.registry.common.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A meta outage and a meta on an embedded database, as the log and the health check say them. */
class MetaReachabilityTest {

  private static final List<String> TWO_METAS = List.of("10.0.0.1:9610", "10.0.0.2:9610");

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(MetaReachability.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private MetaReachability reachability(List<String> metas) {
    return new MetaReachability(
        metas,
        "beacon.data.meta-addresses",
        Duration.ofSeconds(10),
        "beacon.data.meta-unreachable-timeout",
        clock);
  }

  @Test
  void anOutageLongerThanTheTimeoutIsLoggedOnceAndFailsTheCheckUntilMetaAnswers() {
    MetaReachability reachability = reachability(TWO_METAS);
    reachability.started();
    reachability.failed("10.0.0.1:9610", "connection refused");
    now.addAndGet(10_000);
    reachability.tick();
    assertThat(reachability.problem()).isNull();
    assertThat(logs.list).isEmpty();

    now.addAndGet(2_500);
    reachability.tick();
    reachability.tick();
    now.addAndGet(1_000);
    reachability.tick();

    String problem = reachability.problem();
    System.out.println("health check says: " + problem);
    assertThat(problem)
        .isEqualTo(
            "meta unreachable: no meta leader answered for 13.5s (more than"
                + " beacon.data.meta-unreachable-timeout=10.0s);"
                + " beacon.data.meta-addresses=[10.0.0.1:9610, 10.0.0.2:9610];"
                + " last error: 10.0.0.1:9610: connection refused");
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.getFormattedMessage())
                    .startsWith("meta unreachable: no meta leader answered for 12.5s"));

    reachability.answered("10.0.0.2:9610");
    reachability.tick();

    assertThat(reachability.problem()).isNull();
    assertThat(logs.list).hasSize(2);
    assertThat(logs.list.get(1).getFormattedMessage())
        .isEqualTo(
            "meta reachable again after 13.5s: following meta=10.0.0.2:9610"
                + " beacon.data.meta-addresses=[10.0.0.1:9610, 10.0.0.2:9610]");
  }

  @Test
  void silenceCountsFromTheLastAnswer() {
    MetaReachability reachability = reachability(TWO_METAS);
    reachability.started();
    now.addAndGet(9_000);
    reachability.answered("10.0.0.1:9610");
    now.addAndGet(9_000);
    reachability.tick();

    assertThat(reachability.problem()).isNull();
    assertThat(reachability.summary())
        .isEqualTo(
            "no answer for 9.0s, beacon.data.meta-addresses=[10.0.0.1:9610, 10.0.0.2:9610],"
                + " last error: none");
  }

  @Test
  void aMetaOnAnEmbeddedDatabaseIsRefusedWhenSeveralMetasAreListed() {
    MetaReachability reachability = reachability(TWO_METAS);
    reachability.started();

    assertThat(reachability.refuses("10.0.0.1:9610", true)).isTrue();
    assertThat(reachability.refuses("10.0.0.1:9610", true)).isTrue();
    assertThat(reachability.refuses("10.0.0.2:9610", false)).isFalse();

    assertThat(reachability.problem())
        .isEqualTo(
            "meta 10.0.0.1:9610 runs on its own embedded database (its beacon.meta.jdbc-url is"
                + " not set), but beacon.data.meta-addresses names 2 meta servers"
                + " [10.0.0.1:9610, 10.0.0.2:9610]: such a meta elects itself leader whatever"
                + " the others do, so this server does not follow it; give every meta of the"
                + " group the shared database in beacon.meta.jdbc-url");
    assertThat(logs.list).singleElement().extracting(ILoggingEvent::getLevel).hasToString("ERROR");

    // Not heard from for the timeout: no longer reported as embedded; still no leader answered.
    now.addAndGet(10_001);
    reachability.tick();
    assertThat(reachability.problem())
        .startsWith("meta unreachable: no meta leader answered for 10.0s")
        .endsWith("last error: 10.0.0.1:9610: refused, runs on its own embedded database");
  }

  @Test
  void aSingleMetaIsFollowedWhateverItsDatabase() {
    MetaReachability reachability = reachability(List.of("127.0.0.1:9610"));

    assertThat(reachability.refuses("127.0.0.1:9610", true)).isFalse();
    assertThat(reachability.problem()).isNull();
  }

  @Test
  void aRefusedMetaThatMovedToASharedDatabaseIsFollowedAgain() {
    MetaReachability reachability = reachability(TWO_METAS);
    reachability.refuses("10.0.0.1:9610", true);

    assertThat(reachability.refuses("10.0.0.1:9610", false)).isFalse();
    assertThat(reachability.problem()).isNull();
  }
}
