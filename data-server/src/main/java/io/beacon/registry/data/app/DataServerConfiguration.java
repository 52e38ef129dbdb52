package io.beacon.registry.data.app;

import io.beacon.registry.common.model.PublisherPool;
import io.beacon.registry.common.rpc.InProcessRoutes;
import io.beacon.registry.data.DataServer;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of one {@link DataServer} from {@link DataServerProperties}; importable without
 * component scanning (the standalone server does so).
 */
@Configuration
@EnableConfigurationProperties(DataServerProperties.class)
public class DataServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  public DataServer dataServer(
      DataServerProperties properties,
      ObjectProvider<PublisherPool> publisherPool,
      ObjectProvider<InProcessRoutes> routes) {
    // A session server in the same JVM (standalone) provides a pool to share publishers through
    // and routes to call it without a socket.
    return new DataServer(
        properties.toConfig(),
        InstantSource.system(),
        publisherPool.getIfAvailable(PublisherPool::none),
        routes.getIfAvailable(InProcessRoutes::none));
  }
}
