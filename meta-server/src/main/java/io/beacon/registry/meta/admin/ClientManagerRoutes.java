package io.beacon.registry.meta.admin;

import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.HttpRequest;
import io.beacon.registry.common.http.HttpResponse;
import io.beacon.registry.common.http.HttpRoute;
import io.beacon.registry.meta.config.RegistryConfig;
import io.beacon.registry.meta.persistence.ClientAddress;
import io.beacon.registry.meta.persistence.ClientOffAddress;
import io.beacon.registry.meta.persistence.ConfigSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The reference's persistent client manager, {@code /api/clientManager/*}, on the same paths and
 * with the same answers ({@code {"success":true,"message":""}}; {@code query} as its {@code
 * ClientManagerAddress}), persisted ({@code beacon_client_off}):
 *
 * <ul>
 *   <li>{@code clientOff} (form {@code ips}, separated by {@code ;}): the IPs' publishers are
 *       removed and new ones dropped; their subscribers stay;
 *   <li>{@code clientOffWithSub} (form {@code ips}, a JSON array of {@code {address, pub, sub}}):
 *       the same, with the flags stored and reported; as in 6.3.0, where no session reads them,
 *       they change nothing (subscribers of the IP keep being pushed);
 *   <li>{@code clientOpen}: the IPs are on again and their connections closed, so their clients
 *       reconnect and register everything again;
 *   <li>{@code reduce}: the IPs are on again but their connections are kept: they may publish
 *       again, and what the client-off removed stays removed until the client republishes or
 *       reconnects.
 * </ul>
 *
 * Bad input is a 400 naming {@code ips} (the reference answers 200 {@code success:false}, or a 500
 * for JSON it cannot read). A call names at most {@link AdminInput#MAX_ADDRESSES} addresses. Runs
 * on the HTTP executor; state lives in {@link RegistryConfig}.
 */
final class ClientManagerRoutes {

  private final RegistryConfig config;

  ClientManagerRoutes(RegistryConfig config) {
    this.config = config;
  }

  /**
   * The reference's {@code ClientManagerAddress}.
   *
   * @param version the config version
   * @param clientOffAddress the addresses turned off
   * @param reduces the addresses reduced
   */
  public record ClientManagerView(
      long version, Map<String, AddressView> clientOffAddress, List<String> reduces) {}

  /**
   * One address turned off, as the reference's {@code AddressVersion}.
   *
   * @param version the config version of the change that turned it off
   */
  public record AddressView(long version, String address, boolean pub, boolean sub) {}

  /** Registers the routes; {@code mutating} guards and propagates the ones that change state. */
  void registerOn(AdminHttpServer http, UnaryOperator<HttpRoute> mutating) {
    String base = "/api/clientManager/";
    http.route("POST", base + "clientOff", mutating.apply(this::clientOff));
    http.route("POST", base + "clientOffWithSub", mutating.apply(this::clientOffWithSub));
    http.route("POST", base + "clientOpen", mutating.apply(this::clientOpen));
    http.route("POST", base + "reduce", mutating.apply(this::reduce));
    http.route("GET", base + "query", request -> query());
  }

  private HttpResponse clientOff(HttpRequest request) {
    config.clientOff(
        AdminInput.addresses(request.param("ips")).stream().map(ClientOffAddress::of).toList());
    return done();
  }

  private HttpResponse clientOffWithSub(HttpRequest request) {
    config.clientOff(AdminInput.clientOffAddresses(request.param("ips")));
    return done();
  }

  private HttpResponse clientOpen(HttpRequest request) {
    config.clientOpen(AdminInput.addresses(request.param("ips")));
    return done();
  }

  private HttpResponse reduce(HttpRequest request) {
    config.reduce(AdminInput.addresses(request.param("ips")));
    return done();
  }

  /** Nothing ever written: the reference's "data not found"; else the list. */
  private HttpResponse query() {
    ConfigSnapshot snapshot = config.snapshot();
    if (snapshot.version() == 0) {
      return HttpResponse.generic(200, false, "data not found", null);
    }
    Map<String, AddressView> off = new TreeMap<>();
    for (ClientAddress address : snapshot.clientAddresses().values()) {
      if (address.isClientOff()) {
        off.put(
            address.address(),
            new AddressView(address.version(), address.address(), address.pub(), address.sub()));
      }
    }
    return HttpResponse.generic(
        200,
        true,
        null,
        new ClientManagerView(snapshot.version(), off, List.copyOf(snapshot.reducedIps())));
  }

  private static HttpResponse done() {
    return HttpResponse.result(200, true, "");
  }
}
