package io.beacon.registry.session.app;

import io.beacon.registry.common.app.UnknownPropertiesCheck;
import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.session.settings.SessionServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Creates the {@link SessionServer} from {@code beacon.session.*} (bound into {@link
 * SessionServerConfig}); Spring starts it, and on shutdown (SIGTERM) it leaves gracefully, then
 * closes. Importable without component scanning (the standalone server does so).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionServerConfig.class)
@Import(UnknownPropertiesCheck.class)
public class SessionServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "leaveAndClose")
  public SessionServer sessionServer(
      SessionServerConfig config, ObjectProvider<Colocation> colocation) {
    // A data server in the same JVM (standalone) shares a publisher pool and in-process routes.
    return new SessionServer(
        config,
        InstantSource.system(),
        new SimpleMeterRegistry(),
        colocation.getIfAvailable(Colocation::none));
  }
}
