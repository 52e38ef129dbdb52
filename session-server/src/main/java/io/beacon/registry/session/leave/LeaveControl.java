package io.beacon.registry.session.leave;

import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.LeaveRoutes;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.session.discovery.SessionDirectory;
import io.beacon.registry.session.settings.SessionServerConfig;
import java.time.Duration;
import java.time.InstantSource;

/**
 * How a session's {@link SessionLeave} is started and driven, in one place: {@code PUT
 * /opsapi/v1/leave} starts it and {@code GET} shows it (behind the admin token), {@link #step()}
 * runs on {@code session-scheduler} every {@link ConnectionDrain#STEP}, and SIGTERM runs it before
 * the server closes ({@link #beforeClose()}). No state of its own beyond the leave's.
 */
public final class LeaveControl {

  /** How much longer than the leave's bound a shutdown waits for the leave's last heartbeat. */
  private static final Duration LEAVE_GRACE = Duration.ofSeconds(10);

  private final SessionLeave leave;
  private final Lifecycle lifecycle;
  private final Duration shutdownWait;
  private final InstantSource clock;

  /** Builds the leave and installs its admin routes on {@code http}. */
  public LeaveControl(
      SessionServerConfig config,
      ClientHandover clients,
      SessionDirectory directory,
      MetaLink meta,
      AdminHttpServer http,
      Lifecycle lifecycle,
      InstantSource clock) {
    this.leave =
        new SessionLeave(
            clients, directory, meta, config.leaveCloseRate(), config.leaveTimeout(), clock);
    this.lifecycle = lifecycle;
    this.shutdownWait = config.leaveTimeout().plus(LEAVE_GRACE);
    this.clock = clock;
    LeaveRoutes.install(
        http,
        config.adminToken(),
        SessionServerConfig.PREFIX + ".admin-token",
        leave::begin,
        leave::status);
  }

  public SessionLeave leave() {
    return leave;
  }

  /** The stage every heartbeat reports. */
  public LeaveStage stage() {
    return leave.stage();
  }

  /** The periodic step, on {@code session-scheduler}. */
  public void step() {
    leave.step(clock.instant());
  }

  /**
   * What SIGTERM does before the server closes: while it runs, a graceful leave when discovery
   * lists another session for the clients, blocking for at most {@code leave-timeout} and the last
   * heartbeat; a lone (or not running) session returns at once.
   */
  public void beforeClose() {
    if (lifecycle.isRunning()) {
      leave.runIfUseful(shutdownWait);
    }
  }
}
