package io.beacon.registry.session.app;

import io.beacon.registry.session.SessionServer;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the {@link SessionServer} from {@code beacon.session.*}; Spring starts and closes it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionServerProperties.class)
public class SessionServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  public SessionServer sessionServer(SessionServerProperties properties) {
    return new SessionServer(properties.toConfig(), InstantSource.system());
  }
}
