package io.beacon.registry.meta.app;

import io.beacon.registry.common.app.UnknownPropertiesCheck;
import io.beacon.registry.meta.MetaServer;
import io.beacon.registry.meta.settings.MetaServerConfig;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Creates the {@link MetaServer} from {@code beacon.meta.*} (bound into {@link MetaServerConfig});
 * Spring starts and closes it. A {@code beacon.*} key that no settings record of the process binds
 * stops the start ({@link UnknownPropertiesCheck}). Importable without component scanning (the
 * standalone server does so).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetaServerConfig.class)
@Import(UnknownPropertiesCheck.class)
public class MetaServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  public MetaServer metaServer(MetaServerConfig config) {
    return new MetaServer(config, InstantSource.system());
  }
}
