package io.beacon.registry.data.app;

import io.beacon.registry.common.lifecycle.ExitAfterLeave;
import io.beacon.registry.data.DataServer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs a data server as its own process. */
@SpringBootApplication
public class DataServerApplication {

  public static void main(String[] args) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DataServerApplication.class)
            .web(WebApplicationType.NONE)
            .run(args);
    // A leave an admin call started ends the process, as SIGTERM would have.
    ExitAfterLeave.when(context.getBean(DataServer.class).leaving().left(), "data");
  }
}
