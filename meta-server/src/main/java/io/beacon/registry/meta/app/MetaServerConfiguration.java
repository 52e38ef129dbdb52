package io.beacon.registry.meta.app;

import io.beacon.registry.meta.MetaServer;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the {@link MetaServer} bean and its lifecycle. Needs no component scanning, so the
 * standalone launcher can {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetaServerProperties.class)
public class MetaServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  public MetaServer metaServer(MetaServerProperties properties) {
    return new MetaServer(properties.toConfig(), InstantSource.system());
  }
}
