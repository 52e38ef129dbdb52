package io.beacon.registry.session.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDirectoryTest {

  private final NodeInfo self = session("10.0.0.1", "ZONE_A");
  private final SessionDirectory directory = new SessionDirectory(() -> self);

  @Test
  void beforeMetaAnswersTheDirectoryHoldsThisSessionAlone() {
    assertThat(directory.all()).containsExactly(self);
    assertThat(directory.clientAddresses("ZONE_A")).containsExactly("10.0.0.1:9600");
    assertThat(directory.clientAddresses("ZONE_B")).containsExactly("10.0.0.1:9600");
    assertThat(directory.clientAddresses(null)).containsExactly("10.0.0.1:9600");
  }

  @Test
  void anEmptyListFromMetaKeepsThisSessionListed() {
    directory.update(List.of(session("10.0.0.2", "ZONE_A")));
    directory.update(List.of());

    assertThat(directory.all()).containsExactly(self);
  }

  @Test
  void theSessionsOfTheAskedZoneAreReturned() {
    directory.update(
        List.of(
            self,
            session("10.0.0.2", "ZONE_B"),
            session("10.0.0.3", "ZONE_A"),
            session("10.0.0.4", "ZONE_B")));

    assertThat(directory.clientAddresses("ZONE_B"))
        .containsExactly("10.0.0.2:9600", "10.0.0.4:9600");
    assertThat(directory.clientAddresses("ZONE_A"))
        .containsExactly("10.0.0.1:9600", "10.0.0.3:9600");
  }

  @Test
  void theZoneIsMatchedIgnoringCase() {
    directory.update(List.of(self, session("10.0.0.2", "Zone_B")));

    assertThat(directory.clientAddresses("zone_b")).containsExactly("10.0.0.2:9600");
    assertThat(directory.clientAddresses("ZONE_B")).containsExactly("10.0.0.2:9600");
  }

  @Test
  void aZoneWithoutSessionsFallsBackToAllOfThem() {
    directory.update(List.of(self, session("10.0.0.2", "ZONE_B")));

    assertThat(directory.clientAddresses("ZONE_X"))
        .containsExactly("10.0.0.1:9600", "10.0.0.2:9600");
  }

  @Test
  void noZoneMeansAllSessions() {
    directory.update(List.of(self, session("10.0.0.2", "ZONE_B")));

    assertThat(directory.clientAddresses(null)).containsExactly("10.0.0.1:9600", "10.0.0.2:9600");
  }

  @Test
  void sessionsWithoutZoneOnlyAppearInTheFallback() {
    directory.update(List.of(session("10.0.0.2", null), session("10.0.0.3", "ZONE_A")));

    assertThat(directory.clientAddresses("ZONE_A")).containsExactly("10.0.0.3:9600");
    assertThat(directory.clientAddresses("ZONE_B"))
        .containsExactly("10.0.0.2:9600", "10.0.0.3:9600");
  }

  @Test
  void nodesWithoutClientAddressAreSkipped() {
    NodeInfo noClientPort =
        new NodeInfo(
            NodeRole.SESSION,
            "10.0.0.9:9602",
            null,
            "10.0.0.9:9603",
            new ProcessId("10.0.0.9", 1L, 1L, 1),
            "DefaultDataCenter",
            "ZONE_B");
    directory.update(List.of(self, noClientPort));

    // ZONE_B's only node has no client address: it neither answers nor blocks the fallback.
    assertThat(directory.clientAddresses("ZONE_B")).containsExactly("10.0.0.1:9600");
    assertThat(directory.clientAddresses(null)).containsExactly("10.0.0.1:9600");
    assertThat(directory.all()).containsExactly(self, noClientPort);
  }

  @Test
  void theDirectoryKeepsItsOwnCopyOfTheList() {
    List<NodeInfo> live = new ArrayList<>(List.of(self));
    directory.update(live);

    live.add(session("10.0.0.2", "ZONE_A"));

    assertThat(directory.all()).containsExactly(self);
  }

  @Test
  void theLatestListFromMetaReplacesThePreviousOne() {
    directory.update(List.of(self, session("10.0.0.2", "ZONE_A")));
    directory.update(List.of(session("10.0.0.3", "ZONE_A")));

    assertThat(directory.clientAddresses("ZONE_A")).containsExactly("10.0.0.3:9600");
  }

  @Test
  void aSessionMetaNamesLeavingIsNotOffered() {
    NodeInfo leaving = session("10.0.0.2", "ZONE_A");
    directory.update(List.of(self, leaving), List.of(leaving.address()));

    assertThat(directory.all()).containsExactly(self);
    assertThat(directory.clientAddresses("ZONE_A")).containsExactly("10.0.0.1:9600");
  }

  @Test
  void aLeavingNoticeHoldsUntilAnAnswerNamesItOrNoLongerListsTheSession() {
    NodeInfo leaving = session("10.0.0.2", "ZONE_A");
    NodeInfo other = session("10.0.0.3", "ZONE_A");
    directory.update(List.of(self, leaving, other));

    directory.leaving(List.of(leaving.address()));
    assertThat(directory.all()).containsExactly(self, other);

    // An answer computed before meta knew cannot bring it back.
    directory.update(List.of(self, leaving, other), List.of());
    assertThat(directory.all()).containsExactly(self, other);

    // Once an answer no longer lists it, the notice is forgotten: a new process there is offered.
    directory.update(List.of(self, other), List.of());
    directory.update(List.of(self, leaving, other), List.of());
    assertThat(directory.all()).containsExactly(self, leaving, other);
  }

  @Test
  void aLeavingSessionOffersOnlyTheOthersAndNothingWhenAlone() {
    NodeInfo other = session("10.0.0.2", "ZONE_B");
    directory.update(List.of(self, other));
    assertThat(directory.hasOtherStayingSession()).isTrue();

    directory.leave();
    assertThat(directory.all()).containsExactly(other);
    assertThat(directory.clientAddresses("ZONE_A")).containsExactly("10.0.0.2:9600");

    directory.update(List.of(self, other), List.of(other.address()));
    assertThat(directory.all()).isEmpty();
    assertThat(directory.hasOtherStayingSession()).isFalse();
    directory.update(List.of());
    assertThat(directory.all()).isEmpty();
  }

  private static NodeInfo session(String host, String zone) {
    return new NodeInfo(
        NodeRole.SESSION,
        host + ":9602",
        host + ":9600",
        host + ":9603",
        new ProcessId(host, 1L, 1L, 1),
        "DefaultDataCenter",
        zone);
  }
}
