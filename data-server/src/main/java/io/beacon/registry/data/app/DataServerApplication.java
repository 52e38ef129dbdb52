package io.beacon.registry.data.app;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Runs a data server as its own process. */
@SpringBootApplication
public class DataServerApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(DataServerApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
