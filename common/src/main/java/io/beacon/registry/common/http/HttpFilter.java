package io.beacon.registry.common.http;

/**
 * Runs before the route of every request of an {@link AdminHttpServer}: returns an answer to send
 * instead of the route's (a redirect, a refusal), or null to go on.
 */
@FunctionalInterface
public interface HttpFilter {

  HttpResponse filter(HttpRequest request, boolean routeExists) throws Exception;
}
