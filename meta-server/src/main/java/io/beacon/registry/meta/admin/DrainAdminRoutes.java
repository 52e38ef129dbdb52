package io.beacon.registry.meta.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.http.HttpRoute;
import io.beacon.registry.common.model.NodeRole;
import io.beacon.registry.common.slot.SlotTable;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.meta.drain.DrainList;
import io.beacon.registry.meta.membership.NodeLeases;
import io.beacon.registry.meta.slot.SlotReports;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reference's drain endpoints, {@code PUT /opsapi/v1/server/group/quit/{ip}} and {@code PUT
 * /opsapi/v1/server/group/join/{ip}}, where {@code ip} is a host (every data server on it) or one
 * data server's {@code host:port}; and our {@code GET /opsapi/v1/server/group/status}, which tells
 * when a draining server holds no slot copy and may be stopped.
 *
 * <p>The server matches routes exactly, so the two PUTs, whose path ends with the address, are
 * served by a filter; register after the meta follower's redirect filter so followers redirect them
 * to the leader like every admin call. They need the admin token when one is configured and answer
 * 400 naming {@code ip} on a bad address. Runs on the HTTP executor; state lives in {@link
 * DrainList}; {@code changed} asks the meta loop for a round, it must not block.
 */
public final class DrainAdminRoutes {

  public static final String QUIT_PREFIX = "/opsapi/v1/server/group/quit";
  public static final String JOIN_PREFIX = "/opsapi/v1/server/group/join";
  public static final String STATUS_PATH = "/opsapi/v1/server/group/status";

  private final DrainList drains;
  private final NodeLeases leases;
  private final SlotTableHolder tables;
  private final SlotReports reports;
  private final String adminToken;
  private final Runnable changed;

  public DrainAdminRoutes(
      DrainList drains,
      NodeLeases leases,
      SlotTableHolder tables,
      SlotReports reports,
      String adminToken,
      Runnable changed) {
    this.drains = drains;
    this.leases = leases;
    this.tables = tables;
    this.reports = reports;
    this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
    this.changed = changed;
  }

  /**
   * The body of the status endpoint.
   *
   * @param entries the drain list: hosts and {@code host:port} addresses, sorted
   * @param tableEpoch the epoch of the slot table the counts come from
   * @param nodes every live data server some entry drains, by address
   */
  public record Status(boolean success, List<String> entries, long tableEpoch, List<Node> nodes) {}

  /**
   * One draining data server.
   *
   * @param entry the drain entry that matches it
   * @param leaders slots it still leads
   * @param followers slots it still follows
   * @param drained it holds no copy in meta's table and has reported holding that table (so it
   *     knows, and stops serving): safe to stop
   */
  public record Node(String address, String entry, int leaders, int followers, boolean drained) {}

  public void registerOn(AdminHttpServer http) {
    HttpRoute quit = SwitchAdminRoutes.guarded(adminToken, request -> quit(target(request)));
    HttpRoute join = SwitchAdminRoutes.guarded(adminToken, request -> join(target(request)));
    http.filter(
        (request, routeExists) -> {
          if (!"PUT".equals(request.method())) {
            return null;
          }
          if (isUnder(request.path(), QUIT_PREFIX)) {
            return quit.handle(request);
          }
          if (isUnder(request.path(), JOIN_PREFIX)) {
            return join.handle(request);
          }
          return null;
        });
    http.route("GET", STATUS_PATH, request -> HttpResponse.json(200, status()));
  }

  /** The drain entries and what each live draining data server still holds. */
  public Status status() {
    SlotTable table = tables.current();
    List<Node> nodes = new ArrayList<>();
    for (String address : drains.draining(leases.liveAddresses(NodeRole.DATA))) {
      int leaders = table.slotsLedBy(address).size();
      int followers = table.slotsFollowedBy(address).size();
      boolean drained = leaders + followers == 0 && reports.allHold(Set.of(address), table.epoch());
      nodes.add(new Node(address, drains.entryFor(address), leaders, followers, drained));
    }
    return new Status(true, List.copyOf(drains.entries()), table.epoch(), nodes);
  }

  private HttpResponse quit(String target) {
    boolean added = drains.add(target);
    changed.run();
    return HttpResponse.result(200, true, (added ? "draining " : "already draining ") + target);
  }

  private HttpResponse join(String target) {
    List<String> removed = drains.remove(target);
    changed.run();
    return HttpResponse.result(
        200, true, removed.isEmpty() ? "not draining " + target : "drain ended " + removed);
  }

  private static boolean isUnder(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /** The address after the prefix, checked. */
  private static String target(HttpRequest request) {
    String path = request.path();
    int slash = path.indexOf('/', "/opsapi/v1/server/group/".length());
    return DrainList.checkTarget(slash < 0 ? "" : path.substring(slash + 1));
  }
}
