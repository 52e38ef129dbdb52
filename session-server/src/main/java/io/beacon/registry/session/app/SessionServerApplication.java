package io.beacon.registry.session.app;

import io.beacon.registry.common.lifecycle.ExitAfterLeave;
import io.beacon.registry.session.SessionServer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Runs a session server on its own: {@code beacon.session.*} properties configure it. */
@SpringBootApplication
@Import(SessionServerConfiguration.class)
public class SessionServerApplication {

  public static void main(String[] args) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SessionServerApplication.class)
            .web(WebApplicationType.NONE)
            .run(args);
    // A leave an admin call started ends the process, as SIGTERM would have.
    ExitAfterLeave.when(context.getBean(SessionServer.class).leaving().left(), "session");
  }
}
