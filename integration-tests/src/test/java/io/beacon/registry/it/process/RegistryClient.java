package io.beacon.registry.it.process;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.RegistryClientConfig;
import com.alipay.sofa.registry.client.api.SubscriberDataObserver;
import com.alipay.sofa.registry.client.api.model.UserData;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DefaultServerManager;
import com.alipay.sofa.registry.client.provider.DirectServerManager;
import com.alipay.sofa.registry.client.remoting.ServerManager;
import com.alipay.sofa.registry.client.remoting.ServerNode;
import com.alipay.sofa.registry.client.util.ServerNodeParser;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The official SOFARegistry 6.3.0 client, unchanged, against a {@link ProcessCluster}; a small copy
 * of {@code io.beacon.registry.it.OfficialClient} (package-private there).
 */
final class RegistryClient implements AutoCloseable {

  private final DefaultRegistryClient client;

  private RegistryClient(RegistryClientConfig config, ServerManager servers) {
    client = new DefaultRegistryClient(config);
    client.setServerManager(servers);
    client.init();
  }

  /** Connected to one session's client port only, reconnecting to it alone. */
  static RegistryClient pinnedTo(int clientPort) {
    RegistryClientConfig config = config(clientPort);
    return new RegistryClient(config, new DirectServerManager(config));
  }

  /**
   * Connects first to {@code firstClientPort}, and from then on, like any application, to the
   * sessions that discovery through {@code discoveryHttpPort} lists. See {@link
   * FirstThenDiscovery}.
   */
  static RegistryClient firstOnThenDiscovering(int firstClientPort, int discoveryHttpPort) {
    RegistryClientConfig config = config(discoveryHttpPort);
    return new RegistryClient(
        config,
        new FirstThenDiscovery(
            ServerNodeParser.parse(ProcessCluster.HOST + ":" + firstClientPort),
            new DefaultServerManager(config)));
  }

  private static RegistryClientConfig config(int port) {
    return DefaultRegistryClientConfigBuilder.start()
        .setRegistryEndpoint(ProcessCluster.HOST)
        .setRegistryEndpointPort(port)
        .setDataCenter("DefaultDataCenter")
        .setZone("DEFAULT_ZONE")
        .setAppName("beacon-process-it")
        .build();
  }

  Publisher publish(String dataId, String... values) {
    return client.register(new PublisherRegistration(dataId), values);
  }

  Recorder subscribe(String dataId, ScopeEnum scope) {
    Recorder recorder = new Recorder();
    SubscriberRegistration registration = new SubscriberRegistration(dataId, recorder);
    registration.setScopeEnum(scope);
    client.register(registration);
    return recorder;
  }

  /** Closes the client's connection and stops it from reconnecting, like a process exit. */
  @Override
  public void close() {
    try {
      Field field = DefaultRegistryClient.class.getDeclaredField("client");
      field.setAccessible(true);
      Object connection = field.get(client);
      connection.getClass().getMethod("destroy").invoke(connection);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot close the official client", e);
    }
  }

  /**
   * The client's server list: {@code first} alone for the first connection, then what discovery
   * answers. The official client shuffles the discovered sessions, so this is what makes a test
   * know where its client landed; every reconnection is the client's own.
   */
  static final class FirstThenDiscovery implements ServerManager {
    private final ServerNode first;
    private final ServerManager discovery;
    private final AtomicBoolean firstUsed = new AtomicBoolean();

    FirstThenDiscovery(ServerNode first, ServerManager discovery) {
      this.first = first;
      this.discovery = discovery;
    }

    @Override
    public List<ServerNode> getServerList() {
      return firstUsed.compareAndSet(false, true) ? List.of(first) : discovery.getServerList();
    }

    @Override
    public ServerNode random() {
      List<ServerNode> nodes = getServerList();
      return nodes.isEmpty() ? null : nodes.get(0);
    }
  }

  /** Records every notification a subscriber gets, with when it came. Thread-safe. */
  static final class Recorder implements SubscriberDataObserver {

    /** One notification: all values over all zones, sorted, and {@link System#nanoTime()}. */
    record Push(List<String> values, long atNanos) {}

    private final List<Push> pushes = new CopyOnWriteArrayList<>();

    @Override
    public void handleData(String dataId, UserData data) {
      List<String> values = new ArrayList<>();
      data.getZoneData().values().forEach(values::addAll);
      Collections.sort(values);
      pushes.add(new Push(List.copyOf(values), System.nanoTime()));
    }

    List<Push> pushes() {
      return pushes;
    }

    /** The values of the latest notification; empty before the first. */
    List<String> values() {
      return pushes.isEmpty() ? List.of() : pushes.get(pushes.size() - 1).values();
    }
  }
}
