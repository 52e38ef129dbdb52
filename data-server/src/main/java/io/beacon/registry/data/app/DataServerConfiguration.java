package io.beacon.registry.data.app;

import io.beacon.registry.common.app.UnknownPropertiesCheck;
import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.data.DataServer;
import io.beacon.registry.data.settings.DataServerConfig;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Creates the {@link DataServer} from {@code beacon.data.*} (bound into {@link DataServerConfig});
 * Spring starts it, and on shutdown (SIGTERM) it leaves gracefully, then closes. A {@code beacon.*}
 * key that no settings record of the process binds stops the start ({@link
 * UnknownPropertiesCheck}). Importable without component scanning (the standalone server does so).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataServerConfig.class)
@Import(UnknownPropertiesCheck.class)
public class DataServerConfiguration {

  @Bean(initMethod = "start", destroyMethod = "leaveAndClose")
  public DataServer dataServer(DataServerConfig config, ObjectProvider<Colocation> colocation) {
    // A session server in the same JVM (standalone) shares a publisher pool and in-process routes.
    return new DataServer(
        config, InstantSource.system(), colocation.getIfAvailable(Colocation::none));
  }
}
