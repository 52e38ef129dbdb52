package io.beacon.registry.it;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.RegistryClientConfig;
import com.alipay.sofa.registry.client.api.SubscriberDataObserver;
import com.alipay.sofa.registry.client.api.model.UserData;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DirectServerManager;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.beacon.registry.session.SessionServer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The official SOFARegistry 6.3.0 client, unchanged, as an application would use it; plus a way to
 * close it as an exiting process would (the client has no public close).
 */
final class OfficialClient implements AutoCloseable {

  private final DefaultRegistryClient client;

  private OfficialClient(DefaultRegistryClient client) {
    this.client = client;
    client.init();
  }

  /** A client that discovers sessions through {@code /api/servers/query} on {@code httpPort}. */
  static OfficialClient viaDiscovery(int httpPort, String zone) {
    return new OfficialClient(new DefaultRegistryClient(config(httpPort, zone)));
  }

  /** A client connected straight to {@code session}'s client port. */
  static OfficialClient pinnedTo(SessionServer session, String zone) {
    RegistryClientConfig config = config(session.clientPort(), zone);
    DefaultRegistryClient client = new DefaultRegistryClient(config);
    client.setServerManager(new DirectServerManager(config));
    return new OfficialClient(client);
  }

  static OfficialClient pinnedTo(SessionServer session) {
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

  DefaultRegistryClient raw() {
    return client;
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

  /** Records every notification a subscriber observer gets. Thread-safe. */
  static final class Recorder implements SubscriberDataObserver {
    private final List<Map<String, List<String>>> pushes = new CopyOnWriteArrayList<>();
    private volatile String localZone;

    @Override
    public void handleData(String dataId, UserData data) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      data.getZoneData().forEach((zone, values) -> copy.put(zone, List.copyOf(values)));
      localZone = data.getLocalZone();
      pushes.add(Collections.unmodifiableMap(copy));
    }

    List<Map<String, List<String>>> pushes() {
      return pushes;
    }

    boolean received() {
      return !pushes.isEmpty();
    }

    Map<String, List<String>> latest() {
      return pushes.isEmpty() ? Map.of() : pushes.get(pushes.size() - 1);
    }

    /** Every value of the latest notification, over all zones, sorted. */
    List<String> values() {
      List<String> values = new ArrayList<>();
      latest().values().forEach(values::addAll);
      Collections.sort(values);
      return values;
    }

    String localZone() {
      return localZone;
    }
  }
}
