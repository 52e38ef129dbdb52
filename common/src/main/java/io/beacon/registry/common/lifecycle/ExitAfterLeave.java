package io.beacon.registry.common.lifecycle;

import io.beacon.registry.common.concurrent.Threads;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process once a graceful leave that an admin call started is done, for a server that runs
 * alone in its JVM (its application's {@code main}): {@link System#exit} on a thread of its own, so
 * the JVM's shutdown hooks (the application closing the server) run as after SIGTERM, and never on
 * a thread the close waits for. A leave that SIGTERM started completes during the shutdown itself;
 * the exit then just waits for the hooks that run already. The standalone registry does not use it:
 * a leave of one of its servers does not end the JVM.
 */
public final class ExitAfterLeave {

  private static final Logger log = LoggerFactory.getLogger(ExitAfterLeave.class);

  private ExitAfterLeave() {}

  /** Exits the JVM with status 0 once {@code left} completes. */
  public static void when(CompletionStage<?> left, String server) {
    left.whenComplete(
        (ignored, error) ->
            Threads.factory(server + "-exit")
                .newThread(
                    () -> {
                      log.info("graceful leave done, exiting server={}", server);
                      System.exit(0);
                    })
                .start());
  }
}
