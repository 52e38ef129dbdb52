package io.beacon.registry.session.settings;

import java.time.Duration;

/**
 * Flow control of pushes to one client connection. Immutable.
 *
 * @param writeBufferLowBytes a connection that went unwritable is written to again once its
 *     outbound buffer drained below this
 * @param writeBufferHighBytes above this many bytes buffered for a connection (a client that does
 *     not read), nothing more is written to it; the newest datum per subscriber waits instead
 * @param breakerThreshold consecutive failed or timed-out pushes to a connection that open its
 *     circuit breaker
 * @param breakerCooldownMin how long an opened breaker first stays open before one probe push
 * @param breakerCooldownMax the longest cool-down; each failed probe doubles it up to this
 * @param socketSendBufferBytes the kernel send buffer of each client connection, or 0 (the default)
 *     to let the OS size it; memory the kernel holds for a client that does not read, before the
 *     write buffer above starts to fill
 * @param framesInFlight the most push frames sent to one connection and not yet answered; the
 *     newest datum of every other subscriber of it waits (and newer versions replace it) until an
 *     answer frees a place, so a client busy with a storm is sent what is newest when it can take
 *     it, not a backlog of every version
 */
public record PushLimits(
    int writeBufferLowBytes,
    int writeBufferHighBytes,
    int breakerThreshold,
    Duration breakerCooldownMin,
    Duration breakerCooldownMax,
    int socketSendBufferBytes,
    int framesInFlight) {

  public static final int DEFAULT_FRAMES_IN_FLIGHT = 2;

  public static final PushLimits DEFAULTS =
      new PushLimits(
          32 * 1024,
          64 * 1024,
          10,
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          0,
          DEFAULT_FRAMES_IN_FLIGHT);

  public PushLimits {
    if (writeBufferLowBytes <= 0 || writeBufferHighBytes < writeBufferLowBytes) {
      throw new IllegalArgumentException(
          "pushLimits.writeBuffer: "
              + writeBufferLowBytes
              + ".."
              + writeBufferHighBytes
              + " (expected: 0 < low <= high)");
    }
    if (breakerThreshold < 1) {
      throw new IllegalArgumentException(
          "pushLimits.breakerThreshold: " + breakerThreshold + " (expected: >= 1)");
    }
    if (breakerCooldownMin.isNegative()
        || breakerCooldownMin.isZero()
        || breakerCooldownMax.compareTo(breakerCooldownMin) < 0) {
      throw new IllegalArgumentException(
          "pushLimits.breakerCooldown: "
              + breakerCooldownMin
              + ".."
              + breakerCooldownMax
              + " (expected: 0 < min <= max)");
    }
    if (framesInFlight < 1) {
      throw new IllegalArgumentException(
          "pushLimits.framesInFlight: " + framesInFlight + " (expected: >= 1)");
    }
    if (socketSendBufferBytes < 0) {
      throw new IllegalArgumentException(
          "pushLimits.socketSendBufferBytes: " + socketSendBufferBytes + " (expected: >= 0)");
    }
  }

  /** These limits with at most {@code frames} unanswered push frames per connection. */
  public PushLimits withFramesInFlight(int frames) {
    return new PushLimits(
        writeBufferLowBytes,
        writeBufferHighBytes,
        breakerThreshold,
        breakerCooldownMin,
        breakerCooldownMax,
        socketSendBufferBytes,
        frames);
  }

  /** These limits with the client connections' kernel send buffer set to {@code bytes}. */
  public PushLimits withSocketSendBufferBytes(int bytes) {
    return new PushLimits(
        writeBufferLowBytes,
        writeBufferHighBytes,
        breakerThreshold,
        breakerCooldownMin,
        breakerCooldownMax,
        bytes,
        framesInFlight);
  }
}
