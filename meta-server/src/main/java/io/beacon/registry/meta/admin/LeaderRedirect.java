package io.beacon.registry.meta.admin;

import io.beacon.registry.common.http.HttpFilter;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.meta.leader.LeaderStatus;
import java.util.Set;

/**
 * On a meta follower, answers every admin call but health and the leader and meta node queries with
 * a 307 to the leader (as the reference does), or a 503 while no leader is known. Stateless.
 */
public final class LeaderRedirect implements HttpFilter {

  private static final Set<String> SERVED_BY_FOLLOWERS =
      Set.of("/health/check", "/meta/leader/query", "/digest/meta/node/query");

  private final LeaderStatus leader;

  public LeaderRedirect(LeaderStatus leader) {
    this.leader = leader;
  }

  @Override
  public HttpResponse filter(HttpRequest request, boolean routeExists) {
    if (leader.isLeader() || SERVED_BY_FOLLOWERS.contains(request.path())) {
      return null;
    }
    String leaderHttp = leader.leaderHttpAddress();
    if (leaderHttp == null) {
      return HttpResponse.result(503, false, "no meta leader known");
    }
    String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
    return HttpResponse.redirect("http://" + leaderHttp + request.path() + query);
  }
}
