package io.beacon.registry.bench;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.RegistryClientConfig;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import com.alipay.sofa.registry.client.api.registration.SubscriberRegistration;
import com.alipay.sofa.registry.client.provider.AbstractInternalRegister;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClient;
import com.alipay.sofa.registry.client.provider.DefaultRegistryClientConfigBuilder;
import com.alipay.sofa.registry.client.provider.DirectServerManager;
import com.alipay.sofa.registry.client.provider.RegisterCache;
import com.alipay.sofa.registry.client.remoting.Client;
import com.alipay.sofa.registry.client.task.AbstractWorkerThread;
import com.alipay.sofa.registry.client.task.TaskEvent;
import com.alipay.sofa.registry.client.task.TaskQueue;
import com.alipay.sofa.registry.client.task.WorkerThread;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The official SOFARegistry 6.3.0 client, unchanged, connected straight to one session client port
 * (no discovery: the reference advertises its eth0 address, ours bind 127.0.0.1). Acknowledgement
 * is the client's own {@code AbstractInternalRegister.isDone()}: registered and the acknowledged
 * version equal to the published one (set when the session answers {@code RegisterResponse}).
 *
 * <p>Its observer pool queue is raised from 1000 to 100 000 so that a storm to 1000 subscribers on
 * one connection is not rejected by the client itself; nothing else differs from its defaults.
 */
final class OfficialLoadClient implements LoadClient {

  static final int OBSERVER_QUEUE = 100_000;

  private final DefaultRegistryClient client;

  OfficialLoadClient(String sessionHostPort) {
    int colon = sessionHostPort.lastIndexOf(':');
    RegistryClientConfig config =
        DefaultRegistryClientConfigBuilder.start()
            .setRegistryEndpoint(sessionHostPort.substring(0, colon))
            .setRegistryEndpointPort(Integer.parseInt(sessionHostPort.substring(colon + 1)))
            .setDataCenter("DefaultDataCenter")
            .setZone("DEFAULT_ZONE")
            .setAppName("beacon-bench")
            .setObserverThreadQueueLength(OBSERVER_QUEUE)
            .build();
    client = new DefaultRegistryClient(config);
    client.setServerManager(new DirectServerManager(config));
    client.init();
  }

  @Override
  public PublisherHandle publish(String dataId, String value) {
    Publisher publisher = client.register(new PublisherRegistration(dataId), value);
    AbstractInternalRegister register = (AbstractInternalRegister) publisher;
    return new PublisherHandle() {
      @Override
      public void republish(String newValue) {
        publisher.republish(newValue);
      }

      @Override
      public boolean acknowledged() {
        return register.isDone();
      }
    };
  }

  @Override
  public void subscribe(String dataId, ValuesListener listener) {
    SubscriberRegistration registration =
        new SubscriberRegistration(
            dataId,
            (id, data) -> {
              List<String> values = new ArrayList<>();
              data.getZoneData().values().forEach(values::addAll);
              listener.onValues(values);
            });
    registration.setScopeEnum(ScopeEnum.dataCenter);
    client.register(registration);
  }

  /**
   * The client has no public close: forgets every registration (its check thread would otherwise
   * scan them every recheck interval and queue every one not acknowledged again, for as long as
   * this JVM lives: a hundred closed clients kept both cores busy in later scenarios), destroys its
   * connection, as a process exit would, then hands its worker thread (which would otherwise retry
   * the destroyed connection in a loop, logging an error each time) a connection that is never
   * used: with its queue emptied, the worker only wakes every recheck interval.
   */
  @Override
  public void close() {
    RegisterCache registrations = client.getRegisterCache();
    List<String> registIds = new ArrayList<>();
    registrations.getAllPublishers().forEach(r -> registIds.add(r.getRegistId()));
    registrations.getAllSubscribers().forEach(r -> registIds.add(r.getRegistId()));
    registrations.getAllConfigurator().forEach(r -> registIds.add(r.getRegistId()));
    registIds.forEach(registrations::remove);
    try {
      Object connection = field(DefaultRegistryClient.class, "client").get(client);
      connection.getClass().getMethod("destroy").invoke(connection);
      Object worker = field(DefaultRegistryClient.class, "workerThread").get(client);
      field(AbstractWorkerThread.class, "client").set(worker, IDLE_CONNECTION);
      Iterator<TaskEvent> tasks =
          ((TaskQueue) field(WorkerThread.class, "requestQueue").get(worker)).iterator();
      while (tasks.hasNext()) {
        tasks.next();
        tasks.remove();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot close the official client", e);
    }
  }

  /** How many registrations the client still holds (and would keep checking). */
  int registrationsHeld() {
    RegisterCache registrations = client.getRegisterCache();
    return registrations.getAllPublishers().size()
        + registrations.getAllSubscribers().size()
        + registrations.getAllConfigurator().size();
  }

  private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** Says it is connected and does nothing else. */
  private static final Client IDLE_CONNECTION =
      (Client)
          Proxy.newProxyInstance(
              Client.class.getClassLoader(),
              new Class<?>[] {Client.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "isConnected" -> true;
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "idle connection of a closed benchmark client";
                    default -> null;
                  });
}
