package io.beacon.registry.standalone.app;

import io.beacon.registry.data.DataServer;
import io.beacon.registry.meta.MetaServer;
import io.beacon.registry.session.SessionServer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Waits until all three servers are ready, then says in one line where to connect. */
@Component
class StandaloneReadyLog implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StandaloneReadyLog.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final MetaServer meta;
  private final DataServer data;
  private final SessionServer session;

  StandaloneReadyLog(MetaServer meta, DataServer data, SessionServer session) {
    this.meta = meta;
    this.data = data;
    this.session = session;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    boolean ready =
        meta.awaitReady(READY_TIMEOUT)
            && data.awaitReady(READY_TIMEOUT)
            && session.awaitReady(READY_TIMEOUT);
    if (!ready) {
      log.error(
          "Beacon standalone not ready after {}: meta={} data={} session={}",
          READY_TIMEOUT,
          meta.isReady(),
          data.isReady(),
          session.notReadyReason());
      return;
    }
    String host = session.clientAddress().substring(0, session.clientAddress().lastIndexOf(':'));
    log.info(
        "Beacon standalone ready: clients connect to {} (discovery http://{}:{}/api/servers/query);"
            + " health http://{}:{}/health/check (session), http://{}:{}/health/check (data),"
            + " http://{}:{}/health/check (meta)",
        session.clientAddress(),
        host,
        session.httpPort(),
        host,
        session.httpPort(),
        host,
        data.httpPort(),
        host,
        meta.httpPort());
  }
}
