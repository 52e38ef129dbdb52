package io.beacon.registry.common.http;

/** Answers requests for one method and path of an {@link AdminHttpServer}. */
@FunctionalInterface
public interface HttpRoute {

  HttpResponse handle(HttpRequest request) throws Exception;
}
