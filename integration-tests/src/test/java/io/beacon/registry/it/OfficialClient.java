package io.beacon.registry.it;

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
import io.beacon.registry.session.SessionServer;
import io.beacon.registry.testing.cluster.InProcessCluster;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The official SOFARegistry 6.3.0 client, unchanged, as an application would use it; plus a way to
 * close it as an exiting process would (the client has no public close).
 */
public final class OfficialClient implements AutoCloseable {

  private final DefaultRegistryClient client;

  private OfficialClient(DefaultRegistryClient client) {
    this.client = client;
    client.init();
  }

  private static OfficialClient with(RegistryClientConfig config, ServerManager servers) {
    DefaultRegistryClient client = new DefaultRegistryClient(config);
    client.setServerManager(servers);
    return new OfficialClient(client);
  }

  /** A client connected straight to the session client port {@code clientPort}. */
  public static OfficialClient pinnedToPort(int clientPort) {
    RegistryClientConfig config = config(clientPort, "DEFAULT_ZONE");
    return with(config, new DirectServerManager(config));
  }

  /**
   * A client that connects first to {@code firstClientPort} and from then on, like any application,
   * to the sessions discovery through {@code discoveryHttpPort} lists. The official client shuffles
   * the sessions it discovers; this makes a test know where its client landed first, while every
   * reconnection is the client's own.
   */
  public static OfficialClient firstThenDiscovering(int firstClientPort, int discoveryHttpPort) {
    RegistryClientConfig config = config(discoveryHttpPort, "DEFAULT_ZONE");
    return with(
        config,
        new FirstThenDiscovery(
            ServerNodeParser.parse(InProcessCluster.HOST + ":" + firstClientPort),
            new DefaultServerManager(config)));
  }

  /** A client that discovers sessions through {@code /api/servers/query} on {@code httpPort}. */
  public static OfficialClient viaDiscovery(int httpPort, String zone) {
    return new OfficialClient(new DefaultRegistryClient(config(httpPort, zone)));
  }

  /** A client connected straight to {@code session}'s client port. */
  public static OfficialClient pinnedTo(SessionServer session, String zone) {
    RegistryClientConfig config = config(session.clientPort(), zone);
    return with(config, new DirectServerManager(config));
  }

  public static OfficialClient pinnedTo(SessionServer session) {
    return pinnedTo(session, "DEFAULT_ZONE");
  }

  private static RegistryClientConfig config(int port, String zone) {
    return DefaultRegistryClientConfigBuilder.start()
        .setRegistryEndpoint(InProcessCluster.HOST)
        .setRegistryEndpointPort(port)
        .setDataCenter("DefaultDataCenter")
        .setZone(zone)
        .setAppName("beacon-it")
        .build();
  }

  public DefaultRegistryClient raw() {
    return client;
  }

  public Publisher publish(String dataId, String... values) {
    return client.register(new PublisherRegistration(dataId), values);
  }

  public Recorder subscribe(String dataId, ScopeEnum scope) {
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

  /** Records every notification a subscriber observer gets, with when it came. Thread-safe. */
  public static final class Recorder implements SubscriberDataObserver {

    /** One notification: zone to values, and {@link System#nanoTime()} at arrival. */
    public record Push(Map<String, List<String>> zoneData, long atNanos) {

      /** Every value over all zones, sorted. */
      public List<String> values() {
        List<String> values = new ArrayList<>();
        zoneData.values().forEach(values::addAll);
        Collections.sort(values);
        return values;
      }
    }

    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private volatile String localZone;

    @Override
    public void handleData(String dataId, UserData data) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      data.getZoneData().forEach((zone, values) -> copy.put(zone, List.copyOf(values)));
      localZone = data.getLocalZone();
      pushes.add(new Push(Collections.unmodifiableMap(copy), System.nanoTime()));
    }

    public List<Push> pushes() {
      return pushes;
    }

    public boolean received() {
      return !pushes.isEmpty();
    }

    /** Zone to values of the latest notification; empty before the first. */
    public Map<String, List<String>> latest() {
      return pushes.isEmpty() ? Map.of() : pushes.get(pushes.size() - 1).zoneData();
    }

    /** Every value of the latest notification, over all zones, sorted. */
    public List<String> values() {
      return pushes.isEmpty() ? List.of() : pushes.get(pushes.size() - 1).values();
    }

    public String localZone() {
      return localZone;
    }
  }

  /** The server list: {@code first} alone for the first connection, then what discovery says. */
  private static final class FirstThenDiscovery implements ServerManager {
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
}
