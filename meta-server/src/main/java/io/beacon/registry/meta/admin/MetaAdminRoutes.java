package io.beacon.registry.meta.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.model.NodeInfo;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.leader.LeaderStatus;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.slot.SlotTableStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The meta server's HTTP routes, on the reference's paths so existing scripts keep working: {@code
 * /health/check}, {@code /meta/leader/query}, {@code /digest/{data,session,meta}/node/query} (in
 * the reference's shape, {@code {dataCenter: {host:port: node}}}; the meta query lists every live
 * meta, on the leader and on followers) and {@code /openapi/v1/slot/table/{content,status}}.
 *
 * <p>Stateless: every answer reads the current snapshots (leases, the table holder's volatile
 * field) on the HTTP executor.
 */
public final class MetaAdminRoutes {

  private final LeaderStatus leader;
  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final Supplier<List<NodeInfo>> metas;
  private final BooleanSupplier rpcStarted;
  private final BooleanSupplier httpStarted;

  /**
   * @param metas the live meta servers, this one included
   * @param rpcStarted whether the Bolt server is up
   * @param httpStarted whether the HTTP server is up
   */
  public MetaAdminRoutes(
      LeaderStatus leader,
      NodeLeases leases,
      SlotTableHolder tables,
      Supplier<List<NodeInfo>> metas,
      BooleanSupplier rpcStarted,
      BooleanSupplier httpStarted) {
    this.leader = leader;
    this.leases = leases;
    this.tables = tables;
    this.metas = metas;
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
    http.route("GET", "/digest/meta/node/query", request -> byDataCenter(metas.get()));
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

  /**
   * The listed nodes of {@code role}; a session that announced a leave is no longer listed (it
   * takes no new clients), a leaving data server is until it is gone (it still serves).
   */
  private HttpResponse nodes(NodeRole role) {
    return byDataCenter(role == NodeRole.SESSION ? leases.staying(role) : leases.live(role));
  }

  /**
   * The reference's shape, {@code {dataCenter: {key: node}}}, keyed by {@code host:port} (the
   * reference keys by IP, which would merge servers sharing a host).
   */
  private static HttpResponse byDataCenter(List<NodeInfo> nodes) {
    Map<String, Map<String, NodeView>> byDataCenter = new TreeMap<>();
    for (NodeInfo node : nodes) {
      byDataCenter
          .computeIfAbsent(String.valueOf(node.dataCenter()), dc -> new TreeMap<>())
          .put(node.address(), NodeView.of(node));
    }
    return HttpResponse.json(200, byDataCenter);
  }

  /**
   * One node as the node queries show it: the reference's fields ({@code nodeType}, {@code ip},
   * {@code dataCenter}, {@code regionId}, {@code nodeName}, {@code addressString}) and Beacon's.
   */
  public record NodeView(
      String nodeType,
      String ip,
      String dataCenter,
      String regionId,
      String nodeName,
      String addressString,
      String clientAddress,
      String httpAddress,
      ProcessId processId) {

    static NodeView of(NodeInfo node) {
      String ip = hostOf(node.address());
      return new NodeView(
          node.role().name(),
          ip,
          node.dataCenter(),
          node.zone(),
          ip,
          node.address(),
          node.clientAddress(),
          node.httpAddress(),
          node.processId());
    }
  }

  private static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }
}
