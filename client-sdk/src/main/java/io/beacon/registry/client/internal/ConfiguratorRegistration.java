package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.ConfigListener;
import io.beacon.registry.client.ConfigSnapshot;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * A config watch: version 0 (one more for the unregister), and the config value pushed to it. A
 * push counts only if its version is higher than the one held. Confined to the client's worker
 * thread, except {@link #latest}, a volatile snapshot read by the handle.
 */
final class ConfiguratorRegistration extends Registration {

  private final ListenerDispatcher<ConfigSnapshot> dispatcher;
  private long heldVersion = -1;
  private volatile ConfigSnapshot latest;

  ConfiguratorRegistration(
      String dataId,
      String group,
      ConfigListener listener,
      Executor listenerExecutor,
      Queue<ListenerDispatcher<?>> watched,
      long sequence) {
    super(dataId, group, 0, sequence);
    this.dispatcher =
        new ListenerDispatcher<>(
            listenerExecutor, listener::onConfig, "config dataId=" + dataId, watched);
  }

  @Override
  BaseRegister wireRequest(ClientConfig config, long wallMillis) {
    return fill(new ConfiguratorRegister(), config, wallMillis);
  }

  /** Applies a push; false if its version is not newer than the one held. */
  boolean apply(long version, String data) {
    if (version <= heldVersion) {
      return false;
    }
    heldVersion = version;
    ConfigSnapshot snapshot = new ConfigSnapshot(dataId, data, version);
    latest = snapshot;
    dispatcher.offer(snapshot);
    return true;
  }

  ConfigSnapshot latest() {
    return latest;
  }

  void stopListening() {
    dispatcher.close();
  }

  @Override
  void onDead() {
    dispatcher.close();
  }
}
