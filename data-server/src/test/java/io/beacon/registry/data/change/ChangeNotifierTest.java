package io.beacon.registry.data.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.protocol.DataChangeNotice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChangeNotifierTest {

  private static final String SELF = "10.0.0.9:9620";
  private static final String S1 = "10.0.0.1:9602";
  private static final String S2 = "10.0.0.2:9602";
  private static final Duration BACKOFF = Duration.ofMillis(500);

  private final FakeSender sender = new FakeSender();
  private final List<Runnable> retries = new ArrayList<>();
  private final List<Duration> retryDelays = new ArrayList<>();
  private final ChangeNotifier notifier =
      new ChangeNotifier(
          () -> SELF,
          sender,
          (task, delay) -> {
            retries.add(task);
            retryDelays.add(delay);
          },
          BACKOFF);

  @Test
  void aChangeToAnIdleSessionIsSentAtOnceToEverySession() {
    notifier.updateSessions(List.of(S1, S2));

    notifier.onChange(Map.of("a", 10L));

    assertThat(sender.sent).hasSize(2);
    assertThat(sender.sent).extracting(Sent::session).containsExactlyInAnyOrder(S1, S2);
    assertThat(sender.sent.get(0).notice()).isEqualTo(new DataChangeNotice(SELF, Map.of("a", 10L)));
  }

  @Test
  void changesDuringAnInFlightNoticeGoOutAsExactlyOneNoticeWithTheHighestVersions() {
    notifier.updateSessions(List.of(S1));
    notifier.onChange(Map.of("a", 10L));

    notifier.onChange(Map.of("a", 12L, "b", 5L));
    notifier.onChange(Map.of("a", 11L, "c", 7L));
    notifier.onChange(Map.of("b", 6L));
    assertThat(sender.sent).hasSize(1);

    sender.sent.get(0).reply().complete(null);

    assertThat(sender.sent).hasSize(2);
    assertThat(sender.sent.get(1).notice().versions())
        .isEqualTo(Map.of("a", 12L, "b", 6L, "c", 7L));
    sender.sent.get(1).reply().complete(null);
    assertThat(sender.sent).hasSize(2);
  }

  @Test
  void anIdleSessionAfterAnAnsweredNoticeIsSentTheNextChangeAtOnce() {
    notifier.updateSessions(List.of(S1));
    notifier.onChange(Map.of("a", 1L));
    sender.sent.get(0).reply().complete(null);

    notifier.onChange(Map.of("a", 2L));

    assertThat(sender.sent).hasSize(2);
    assertThat(retries).isEmpty();
  }

  @Test
  void aFailedNoticeIsRetriedAfterTheBackoffWithWhatChangedMeanwhile() {
    notifier.updateSessions(List.of(S1));
    notifier.onChange(Map.of("a", 1L, "b", 1L));
    notifier.onChange(Map.of("a", 3L));

    sender.sent.get(0).reply().completeExceptionally(new IllegalStateException("timeout"));
    notifier.onChange(Map.of("c", 1L));

    assertThat(sender.sent).hasSize(1);
    assertThat(retryDelays).containsExactly(BACKOFF);
    runRetries();
    assertThat(sender.sent).hasSize(2);
    assertThat(sender.sent.get(1).notice().versions()).isEqualTo(Map.of("a", 3L, "b", 1L, "c", 1L));
  }

  @Test
  void aNoticeThatKeepsFailingIsRetriedWhileMetaListsTheSession() {
    notifier.updateSessions(List.of(S1));
    notifier.onChange(Map.of("a", 1L));

    for (int attempt = 0; attempt < 3; attempt++) {
      sender.last().reply().completeExceptionally(new IllegalStateException("down"));
      notifier.updateSessions(List.of(S1));
      runRetries();
    }

    assertThat(sender.sent).hasSize(4);
    assertThat(sender.last().notice().versions()).isEqualTo(Map.of("a", 1L));
  }

  @Test
  void aSessionThatLeftMetasListIsDroppedWithItsPendingChanges() {
    notifier.updateSessions(List.of(S1, S2));
    notifier.onChange(Map.of("a", 1L));
    Sent toS1 = sender.to(S1);
    toS1.reply().completeExceptionally(new IllegalStateException("down"));
    notifier.onChange(Map.of("b", 1L));

    notifier.updateSessions(List.of(S2));
    runRetries();

    assertThat(sender.sent.stream().filter(s -> s.session().equals(S1))).hasSize(1);
    assertThat(sender.released).containsExactly(S1);
    assertThat(notifier.sessions()).containsExactly(S2);
  }

  @Test
  void anAnswerArrivingAfterTheSessionLeftSendsNothingMore() {
    notifier.updateSessions(List.of(S1));
    notifier.onChange(Map.of("a", 1L));
    notifier.onChange(Map.of("a", 2L));

    notifier.updateSessions(List.of());
    sender.sent.get(0).reply().complete(null);
    notifier.onChange(Map.of("a", 3L));

    assertThat(sender.sent).hasSize(1);
  }

  @Test
  void aSessionThatJoinsGetsChangesFromThenOn() {
    notifier.onChange(Map.of("a", 1L));
    notifier.updateSessions(Set.of(S1));

    notifier.onChange(Map.of("b", 1L));

    assertThat(sender.sent)
        .singleElement()
        .satisfies(s -> assertThat(s.notice().versions()).isEqualTo(Map.of("b", 1L)));
  }

  @Test
  void aSenderThatThrowsCountsAsAFailedNotice() {
    sender.throwOnSend = true;
    notifier.updateSessions(List.of(S1));

    notifier.onChange(Map.of("a", 1L));

    assertThat(retries).hasSize(1);
    sender.throwOnSend = false;
    runRetries();
    assertThat(sender.sent)
        .singleElement()
        .satisfies(s -> assertThat(s.notice().versions()).isEqualTo(Map.of("a", 1L)));
  }

  private void runRetries() {
    List<Runnable> due = new ArrayList<>(retries);
    retries.clear();
    due.forEach(Runnable::run);
  }

  record Sent(String session, DataChangeNotice notice, CompletableFuture<Void> reply) {}

  static final class FakeSender implements NoticeSender {

    final List<Sent> sent = new ArrayList<>();
    final List<String> released = new ArrayList<>();
    boolean throwOnSend;

    @Override
    public CompletionStage<?> send(String sessionAddress, DataChangeNotice notice) {
      if (throwOnSend) {
        throw new IllegalStateException("rejected");
      }
      Sent call = new Sent(sessionAddress, notice, new CompletableFuture<>());
      sent.add(call);
      return call.reply();
    }

    @Override
    public void release(String sessionAddress) {
      released.add(sessionAddress);
    }

    Sent last() {
      return sent.get(sent.size() - 1);
    }

    Sent to(String session) {
      return sent.stream().filter(s -> s.session().equals(session)).findFirst().orElseThrow();
    }
  }
}
