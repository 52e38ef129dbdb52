package io.beacon.registry.session.app;

import io.beacon.registry.common.model.PublisherPool;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.session.SessionServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the {@link SessionServer} from {@code beacon.session.*}; Spring starts and closes it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionServerProperties.class)
public class SessionServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  public SessionServer sessionServer(
      SessionServerProperties properties,
      ObjectProvider<PublisherPool> publisherPool,
      ObjectProvider<InProcessRoutes> routes) {
    // A data server in the same JVM (standalone) provides a pool to share publishers through, and
    // routes to call it without a socket.
    return new SessionServer(
        properties.toConfig(),
        InstantSource.system(),
        new SimpleMeterRegistry(),
        publisherPool.getIfAvailable(PublisherPool::none),
        routes.getIfAvailable(InProcessRoutes::none));
  }
}
