package io.beacon.registry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.common.concurrent.Threads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the SDK's classes, loaded where Micrometer cannot be seen,
 * still build a config, start a client, publish and close.
 */
class WithoutMicrometerTest {

  @Test
  void theClientRunsWithoutMicrometerOnTheClasspath() throws Throwable {
    URL sdkClasses = ClientConfig.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {sdkClasses}, new Hiding(getClass().getClassLoader()))) {
      assertThatThrownBy(() -> isolated.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> configClass = isolated.loadClass(ClientConfig.class.getName());
      assertThat(configClass).isNotSameAs(ClientConfig.class);

      // Method handles, not Class.getMethod: getMethod resolves the signatures of every public
      // method, and Builder.meterRegistry(MeterRegistry) names Micrometer. Plain Java callers
      // resolve only the methods they call.
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builderClass = isolated.loadClass(ClientConfig.Builder.class.getName());
      Object builder =
          lookup.findStatic(configClass, "builder", MethodType.methodType(builderClass)).invoke();
      lookup
          .findVirtual(
              builderClass, "sessions", MethodType.methodType(builderClass, String[].class))
          .invoke(builder, new String[] {"127.0.0.1:9600"});
      Object config =
          lookup
              .findVirtual(builderClass, "build", MethodType.methodType(configClass))
              .invoke(builder);

      Class<?> transportClass = isolated.loadClass(Transport.class.getName());
      Object transport =
          Proxy.newProxyInstance(
              isolated,
              new Class<?>[] {transportClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "connect" -> new CompletableFuture<>(); // never connects
                    case "hashCode" -> 0;
                    case "equals" -> false;
                    case "toString" -> "transport";
                    default -> null;
                  });
      Class<?> discoveryClass = isolated.loadClass(SessionDiscovery.class.getName());
      Object discovery =
          discoveryClass.getMethod("fixed", List.class).invoke(null, List.of("127.0.0.1:9600"));
      Class<?> clockClass = isolated.loadClass(MonotonicClock.class.getName());
      Object monotonic = clockClass.getMethod("system").invoke(null);
      Class<?> clientClass = isolated.loadClass(DefaultRegistryClient.class.getName());
      Method start =
          clientClass.getMethod(
              "start",
              configClass,
              transportClass,
              discoveryClass,
              InstantSource.class,
              clockClass,
              ScheduledExecutorService.class,
              RandomGenerator.class,
              int.class);
      ScheduledExecutorService worker = Threads.scheduled("no-micrometer-worker", 1);

      Object client =
          start.invoke(
              null,
              config,
              transport,
              discovery,
              InstantSource.system(),
              monotonic,
              worker,
              new SplittableRandom(),
              16);
      clientClass
          .getMethod("publish", String.class, String.class, String[].class)
          .invoke(client, "svc", null, new String[] {"a"});
      Object stats = clientClass.getMethod("stats").invoke(client);
      clientClass.getMethod("close").invoke(client);

      assertThat(stats.getClass().getClassLoader()).isSameAs(isolated);
      assertThat(worker.isShutdown()).isTrue();
    }
  }

  /** Hides Micrometer, and the SDK so that the isolated loader loads its own copy. */
  private static final class Hiding extends ClassLoader {

    Hiding(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.") || name.startsWith("io.beacon.registry.client.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
