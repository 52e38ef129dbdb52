package io.beacon.registry.session.settings;

import io.beacon.registry.common.config.SettingChecks;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flow control of pushes to one client connection, the {@code beacon.session.push-limits.*}
 * properties. Immutable.
 *
 * @param writeBufferLowBytes a connection that went unwritable is written to again once its
 *     outbound buffer drained below this
 * @param writeBufferHighBytes above this many bytes buffered for a connection (a client that does
 *     not read), nothing more is written to it; the newest datum per subscriber waits instead
 * @param breakerThreshold consecutive failed or timed-out pushes to a connection that open its
 *     circuit breaker
 * @param breakerCooldownMin how long an opened breaker first stays open before one probe push
 * @param breakerCooldownMax the longest cool-down; each failed probe doubles it up to this
 * @param socketSendBufferBytes the kernel send buffer of each client connection, or 0 to let the OS
 *     size it; memory the kernel holds for a client that does not read, before the write buffer
 *     above starts to fill
 * @param framesInFlight the most push frames sent to one connection and not yet answered; the
 *     newest datum of every other subscriber of it waits (and newer versions replace it) until an
 *     answer frees a place, so a client busy with a storm is sent what is newest when it can take
 *     it, not a backlog of every version
 */
public record PushLimits(
    @DefaultValue("32768") int writeBufferLowBytes,
    @DefaultValue("65536") int writeBufferHighBytes,
    @DefaultValue("10") int breakerThreshold,
    @DefaultValue("1s") Duration breakerCooldownMin,
    @DefaultValue("10s") Duration breakerCooldownMax,
    @DefaultValue("0") int socketSendBufferBytes,
    @DefaultValue("2") int framesInFlight) {

  public PushLimits {
    SettingChecks check = SettingChecks.under(SessionServerConfig.PREFIX + ".push-limits");
    check.atLeast("writeBufferLowBytes", writeBufferLowBytes, 1);
    check.atLeast("writeBufferHighBytes", writeBufferHighBytes, writeBufferLowBytes);
    check.atLeast("breakerThreshold", breakerThreshold, 1);
    check.positive("breakerCooldownMin", breakerCooldownMin);
    if (check.positive("breakerCooldownMax", breakerCooldownMax).compareTo(breakerCooldownMin)
        < 0) {
      throw check.invalid(
          "breakerCooldownMax",
          "must not be below breaker-cooldown-min, was " + breakerCooldownMax);
    }
    check.atLeast("socketSendBufferBytes", socketSendBufferBytes, 0);
    check.atLeast("framesInFlight", framesInFlight, 1);
  }
}
