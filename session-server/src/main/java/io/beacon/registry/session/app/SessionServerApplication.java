package io.beacon.registry.session.app;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** Runs a session server on its own: {@code beacon.session.*} properties configure it. */
@SpringBootApplication
@Import(SessionServerConfiguration.class)
public class SessionServerApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(SessionServerApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
