package io.beacon.registry.meta.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.slot.SlotTableStatus;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The meta server's HTTP routes, on the reference's paths so existing scripts keep working: {@code
 * /health/check}, {@code /meta/leader/query}, {@code /digest/{data,session,meta}/node/query} and
 * {@code /openapi/v1/slot/table/{content,status}}.
 *
 * <p>Stateless: every answer reads the current snapshots (leases, the table holder's volatile
 * field) on the HTTP executor.
 */
public final class MetaAdminRoutes {

  private final LeaderStatus leader;
  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final Supplier<NodeInfo> self;
  private final BooleanSupplier rpcStarted;
  private final BooleanSupplier httpStarted;

  /**
   * @param self this meta server's node, or null before it started
   * @param rpcStarted whether the Bolt server is up
   * @param httpStarted whether the HTTP server is up
   */
  public MetaAdminRoutes(
      LeaderStatus leader,
      NodeLeases leases,
      SlotTableHolder tables,
      Supplier<NodeInfo> self,
      BooleanSupplier rpcStarted,
      BooleanSupplier httpStarted) {
    this.leader = leader;
    this.leases = leases;
    this.tables = tables;
    this.self = self;
    this.rpcStarted = rpcStarted;
    this.httpStarted = httpStarted;
  }

  /** The body of {@code /health/check}. */
  public record Health(boolean success, String message, boolean leader, String metaLeader) {}

  /**
   * The body of {@code /meta/leader/query}: {@code data.leader} is the host, as the reference's.
   */
  public record LeaderQuery(boolean success, String message, LeaderInfo data) {}

  /**
   * The {@code data} of a {@link LeaderQuery}.
   *
   * @param leader the leader's host
   * @param address the leader's internal {@code host:port}
   */
  public record LeaderInfo(String leader, String address) {}

  public void registerOn(AdminHttpServer http) {
    http.route("GET", "/health/check", request -> health());
    http.route("GET", "/meta/leader/query", request -> leaderQuery());
    http.route("GET", "/digest/data/node/query", request -> nodes(NodeRole.DATA));
    http.route("GET", "/digest/session/node/query", request -> nodes(NodeRole.SESSION));
    http.route("GET", "/digest/meta/node/query", request -> metaNodes());
    http.route(
        "GET",
        "/openapi/v1/slot/table/content",
        request -> HttpResponse.json(200, tables.current()));
    http.route(
        "GET",
        "/openapi/v1/slot/table/status",
        request ->
            HttpResponse.json(
                200, SlotTableStatus.of(tables.current(), leases.liveAddresses(NodeRole.DATA))));
  }

  /** Null when healthy, else why not. */
  public String unhealthyReason() {
    if (!rpcStarted.getAsBoolean()) {
      return "rpc server not started";
    }
    if (!httpStarted.getAsBoolean()) {
      return "http server not started";
    }
    if (leader.leaderAddress() == null) {
      return "no meta leader known";
    }
    return null;
  }

  private HttpResponse health() {
    String reason = unhealthyReason();
    boolean healthy = reason == null;
    return HttpResponse.json(
        healthy ? 200 : 503,
        new Health(
            healthy,
            healthy
                ? (leader.isLeader()
                    ? "meta server is up and leading"
                    : "meta server is up, following")
                : reason,
            leader.isLeader(),
            leader.leaderAddress()));
  }

  private HttpResponse leaderQuery() {
    String address = leader.leaderAddress();
    if (address == null) {
      return HttpResponse.json(503, new LeaderQuery(false, "no meta leader known", null));
    }
    return HttpResponse.json(
        200, new LeaderQuery(true, null, new LeaderInfo(hostOf(address), address)));
  }

  private HttpResponse nodes(NodeRole role) {
    return HttpResponse.json(200, leases.live(role));
  }

  private HttpResponse metaNodes() {
    NodeInfo node = self.get();
    return HttpResponse.json(200, node == null ? List.of() : List.of(node));
  }

  private static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }
}
