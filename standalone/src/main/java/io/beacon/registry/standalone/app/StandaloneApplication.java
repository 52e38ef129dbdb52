package io.beacon.registry.standalone.app;

import io.beacon.registry.common.colocation.Colocation;
import io.beacon.registry.data.app.DataServerConfiguration;
import io.beacon.registry.meta.app.MetaServerConfiguration;
import io.beacon.registry.session.app.SessionServerConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Meta, data and session servers in one JVM on the default ports: the registry a newcomer starts
 * first. Servers start in that order (each retries until the one before answers) and close in
 * reverse. {@code application.properties} beside this class sets the standalone defaults (loopback
 * addresses, short leases); every {@code beacon.*} property can be overridden on the command line.
 * The session and data servers share one {@link Colocation}: a publisher pool, so a publisher is
 * held once in this JVM rather than once per role, and in-process routes, so they call each other
 * without encoding a request or crossing a socket.
 */
@SpringBootApplication
@Import({
  MetaServerConfiguration.class,
  DataServerConfiguration.class,
  SessionServerConfiguration.class
})
public class StandaloneApplication {

  @Bean
  public Colocation colocation() {
    return Colocation.shared();
  }

  public static void main(String[] args) {
    // sofa-common-tools (under Bolt) cannot configure itself on Spring Boot's logback and prints a
    // stack trace; Bolt's own log files are not needed here.
    System.setProperty(
        "sofa.middleware.log.disable", System.getProperty("sofa.middleware.log.disable", "true"));
    new SpringApplicationBuilder(StandaloneApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
