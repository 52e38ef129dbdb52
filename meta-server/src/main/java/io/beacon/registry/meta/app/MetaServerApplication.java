package io.beacon.registry.meta.app;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** Runs one meta server as its own process (non-web: the admin port is the server's own). */
@SpringBootApplication
@Import(MetaServerConfiguration.class)
public class MetaServerApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(MetaServerApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
