package io.beacon.registry.data.leave;

import io.beacon.registry.common.heartbeat.MetaLink;
import io.beacon.registry.common.http.AdminHttpServer;
import io.beacon.registry.common.http.LeaveRoutes;
import io.beacon.registry.common.lifecycle.Lifecycle;
import io.beacon.registry.common.protocol.LeaveStage;
import io.beacon.registry.common.slot.SlotTableHolder;
import io.beacon.registry.data.heartbeat.MetaView;
import io.beacon.registry.data.settings.DataServerConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * How a data server's {@link DataLeave} is started and driven, in one place: {@code PUT
 * /opsapi/v1/leave} starts it and {@code GET} shows it (behind the admin token), {@link #check()}
 * runs on {@code data-scheduler} every {@link #CHECK_INTERVAL}, and SIGTERM runs it before the
 * server closes ({@link #beforeClose()}). No state of its own beyond the leave's.
 */
public final class LeaveControl {

  /** How often the leave checks whether its slot leaderships moved. */
  public static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

  /** How much longer than the leave's bound a shutdown waits for the leave's last heartbeat. */
  private static final Duration LEAVE_GRACE = Duration.ofSeconds(10);

  private final DataLeave leave;
  private final Lifecycle lifecycle;
  private final Duration shutdownWait;
  private final InstantSource clock;

  /**
   * Builds the leave and installs its admin routes on {@code http}.
   *
   * @param address this server's address as the slot table names it
   * @param meta what the meta leader said last
   */
  public LeaveControl(
      DataServerConfig config,
      Supplier<String> address,
      SlotTableHolder tables,
      Supplier<MetaView> meta,
      MetaLink channel,
      AdminHttpServer http,
      Lifecycle lifecycle,
      InstantSource clock) {
    this.leave = new DataLeave(address, tables, meta, channel, config.leaveTimeout(), clock);
    this.lifecycle = lifecycle;
    this.shutdownWait = config.leaveTimeout().plus(LEAVE_GRACE);
    this.clock = clock;
    LeaveRoutes.install(
        http,
        config.adminToken(),
        DataServerConfig.PREFIX + ".admin-token",
        leave::begin,
        leave::status);
  }

  public DataLeave leave() {
    return leave;
  }

  /** The stage every heartbeat reports. */
  public LeaveStage stage() {
    return leave.stage();
  }

  /** The periodic check, on {@code data-scheduler}. */
  public void check() {
    leave.check(clock.instant());
  }

  /**
   * What SIGTERM does before the server closes: while it runs, a graceful leave when meta lists
   * another data server to take this one's slots, blocking for at most {@code leave-timeout} and
   * the last heartbeat; a lone (or not running) data server returns at once.
   */
  public void beforeClose() {
    if (lifecycle.isRunning()) {
      leave.runIfUseful(shutdownWait);
    }
  }
}
