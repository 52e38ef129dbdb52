package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.constants.EventTypeConstants;
import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.RegisterResponse;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.RegistrationRefusedException;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One publisher, subscriber or configurator registration as the official client tracks it: the
 * local {@code version}, the {@code ackVersion} the server confirmed, and a local {@code requestId}
 * that changes with every new version and every reconnect, so that an answer to a send of an older
 * state is recognised and ignored. Every send also gets an id of its own ({@link #markSent}), so
 * that the late answer of a send given up on (expired) is not taken for the answer of the retry
 * that carries the same state. Done when the server acknowledged the current version on the current
 * connection, or refused it.
 *
 * <p>Confined to the client's worker thread, except {@link #refusal}, which handles read on user
 * threads.
 */
abstract class Registration {

  /** What an answer meant for the registration. */
  enum Outcome {
    /** The current version is acknowledged. */
    DONE,
    /** The server refused the registration; it is dead. */
    REFUSED,
    /** Send again after the retry delay. */
    RETRY,
    /** The registration changed since this send: send the new state now. */
    CHANGED
  }

  /** {@link #firstSentAt} before the first send of the current version. */
  static final long NOT_SENT = Long.MIN_VALUE;

  private static final long MAX_RETRY_DELAY_MILLIS = 1_000;
  private static final long RETRY_STEP_MILLIS = 200;

  final String registId = UUID.randomUUID().toString();
  final String dataId;
  final String group;
  private final AckFutures futures = new AckFutures();

  private long version;
  private long ackVersion;
  private boolean registered;
  private boolean unregistering;
  private long requestId;
  private int sendCount;
  private long lastSendId;

  // Bookkeeping of RegistrationTable (monotonic times): whether queued, when to send next, and the
  // send in flight: its own id, the requestId (state) it carried, when it left.
  long nextSendAt;
  boolean queued;
  long sentSendId;
  long sentRequestId;
  long sentAt;

  /**
   * When the current version was first sent on the current connection; {@link #NOT_SENT} before.
   */
  long firstSentAt = NOT_SENT;

  final long sequence;

  private volatile String refusal;

  Registration(String dataId, String group, long initialVersion, long sequence) {
    this.dataId = dataId;
    this.group = group;
    this.version = initialVersion;
    this.sequence = sequence;
  }

  /** The request for the current state, stamped with the wall-clock time {@code wallMillis}. */
  abstract BaseRegister wireRequest(ClientConfig config, long wallMillis);

  /** Called when the current version was acknowledged on the current connection. */
  void onAcknowledged(long now) {}

  /** Called once the server refused this registration or the client dropped it. */
  void onDead() {}

  final long version() {
    return version;
  }

  final long requestId() {
    return requestId;
  }

  final int sendCount() {
    return sendCount;
  }

  final boolean isUnregistering() {
    return unregistering;
  }

  final boolean isDone() {
    return refusal != null || (registered && ackVersion == version);
  }

  /** The server's refusal message, or null; read by handles on any thread. */
  final String refusal() {
    return refusal;
  }

  /** The initial version's acknowledgement will complete {@code future}. */
  final void awaitAck(CompletableFuture<Void> future) {
    futures.add(version, future);
  }

  /**
   * A new version: new data (publishers) or an UNREGISTER. The next send carries it; answers to
   * earlier sends no longer count.
   */
  final void bump(boolean unregister, CompletableFuture<Void> future) {
    version++;
    unregistering |= unregister;
    registered = false;
    requestId++;
    sendCount = 0;
    firstSentAt = NOT_SENT;
    futures.add(version, future);
  }

  /** The connection was lost: everything is sent again, same registId and version. */
  final void resetForReconnect() {
    registered = false;
    ackVersion = 0;
    requestId++;
    sendCount = 0;
    firstSentAt = NOT_SENT;
  }

  /**
   * Records a send of the current state (its requestId is {@link #requestId()}); returns an id
   * unique to this send, which its answer is matched by.
   */
  final long markSent() {
    sendCount++;
    return ++lastSendId;
  }

  /** Applies the answer (or failure) of a send that carried the state {@code sentRequestId}. */
  final Outcome onAnswer(long sentRequestId, Object answer, Throwable error, long now) {
    if (sentRequestId != requestId) {
      return Outcome.CHANGED;
    }
    if (error != null || !(answer instanceof RegisterResponse response)) {
      return Outcome.RETRY;
    }
    if (response.isRefused()) {
      refuse(response.getMessage() == null ? "refused" : response.getMessage());
      return Outcome.REFUSED;
    }
    if (!response.isSuccess()) {
      return Outcome.RETRY;
    }
    registered = true;
    ackVersion = Math.max(ackVersion, response.getVersion());
    if (ackVersion != version) {
      return Outcome.RETRY;
    }
    futures.completeUpTo(version);
    onAcknowledged(now);
    return Outcome.DONE;
  }

  /** Fails every pending future with {@code cause}; the registration is dropped. */
  final void drop(Throwable cause) {
    futures.failAll(cause);
    onDead();
  }

  private void refuse(String message) {
    refusal = message;
    futures.failAll(new RegistrationRefusedException(message));
    onDead();
  }

  /** Delay before the next send after a failed one: {@code min(sendCount * 200 ms, 1 s)}. */
  final long retryDelayMillis() {
    return Math.min(sendCount * RETRY_STEP_MILLIS, MAX_RETRY_DELAY_MILLIS);
  }

  /** Fields every register carries, as the official client fills them. */
  final <T extends BaseRegister> T fill(T register, ClientConfig config, long wallMillis) {
    register.setRegistId(registId);
    register.setDataId(dataId);
    register.setGroup(group);
    register.setInstanceId(config.instanceId());
    register.setZone(config.zone());
    register.setAppName(config.appName());
    register.setVersion(version);
    register.setTimestamp(wallMillis);
    register.setEventType(
        unregistering ? EventTypeConstants.UNREGISTER : EventTypeConstants.REGISTER);
    register.setAttributes(new HashMap<>());
    return register;
  }
}
