package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.SubscriptionListener;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * A subscription: version 1 (one more for the unregister), the pushed data by segment, the snapshot
 * shown to the listener, and its reconnect-gap state for empty-push protection (see {@link
 * PushApplier}). Confined to the client's worker thread, except {@link #visible}, a volatile
 * snapshot read by the handle.
 */
final class SubscriberRegistration extends Registration {

  /** {@link #reackedAt} while not acknowledged; monotonic times may be negative. */
  static final long NOT_ACKED = Long.MIN_VALUE;

  final Scope scope;
  final SegmentedData data = new SegmentedData();
  private final ListenerDispatcher<Snapshot> dispatcher;
  private volatile Snapshot visible;

  /** In a reconnect gap: the connection was lost and the hold after re-registration runs. */
  boolean inGap;

  /**
   * When (monotonic) the re-registration after the last loss was acknowledged, or {@link
   * #NOT_ACKED}.
   */
  long reackedAt = NOT_ACKED;

  /** An applied push is held back: what the segments hold now is empty, {@link #visible} not. */
  boolean held;

  SubscriberRegistration(
      String dataId,
      String group,
      Scope scope,
      SubscriptionListener listener,
      Executor listenerExecutor,
      Queue<ListenerDispatcher<?>> watched,
      long sequence) {
    super(dataId, group, 1, sequence);
    this.scope = scope;
    this.dispatcher =
        new ListenerDispatcher<>(
            listenerExecutor, listener::onSnapshot, "subscription dataId=" + dataId, watched);
  }

  @Override
  BaseRegister wireRequest(ClientConfig config, long wallMillis) {
    SubscriberRegister register = fill(new SubscriberRegister(), config, wallMillis);
    register.setScope(scope.wireName());
    register.setAcceptMulti(false);
    return register;
  }

  @Override
  void onAcknowledged(long now) {
    if (inGap && reackedAt == NOT_ACKED) {
      reackedAt = now;
    }
  }

  /** Makes {@code snapshot} the one {@code latest()} returns and hands it to the listener. */
  void show(Snapshot snapshot) {
    visible = snapshot;
    dispatcher.offer(snapshot);
  }

  Snapshot visible() {
    return visible;
  }

  void stopListening() {
    dispatcher.close();
  }

  @Override
  void onDead() {
    dispatcher.close();
  }
}
