package io.beacon.registry.data.app;

import io.beacon.registry.common.colocation.Colocation;
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
      DataServerProperties properties, ObjectProvider<Colocation> colocation) {
    // A session server in the same JVM (standalone) shares a publisher pool and in-process routes.
    return new DataServer(
        properties.toConfig(), InstantSource.system(), colocation.getIfAvailable(Colocation::none));
  }
}
