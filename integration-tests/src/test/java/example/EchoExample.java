package example;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import io.beacon.registry.client.Snapshot;
import io.beacon.registry.client.Subscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a provider address, subscribes to it and prints what the registry pushes. Runs against
 * any Beacon (or SOFARegistry 6) cluster whose session HTTP endpoint is given as the first argument
 * (default: the standalone registry of the README, 127.0.0.1:9603).
 */
public final class EchoExample {

  public static void main(String[] args) throws Exception {
    String discovery = args.length > 0 ? args[0] : "127.0.0.1:9603";
    System.out.println("first providers seen: " + run(discovery));
  }

  /** Returns the providers of the first non-empty snapshot the subscription received. */
  public static List<String> run(String discovery) throws Exception {
    ClientConfig config =
        ClientConfig.builder()
            .discovery(discovery) // session HTTP endpoints; or .sessions("host:9600", ...)
            .appName("echo-example")
            .build();
    try (RegistryClient client = RegistryClient.create(config)) {
      Publication publication = client.publish("com.example.Echo", null, "10.0.0.1:12200");
      publication.acknowledged().get(10, TimeUnit.SECONDS); // the session has it

      CompletableFuture<Snapshot> firstProviders = new CompletableFuture<>();
      Subscription subscription =
          client.subscribe(
              "com.example.Echo",
              null, // DEFAULT_GROUP
              Scope.DATA_CENTER,
              snapshot -> {
                System.out.println("providers by zone: " + snapshot.zoneData());
                if (!snapshot.isEmpty()) {
                  firstProviders.complete(snapshot);
                }
              });
      List<String> providers = firstProviders.get(10, TimeUnit.SECONDS).values();

      publication.republish("10.0.0.1:12201").get(10, TimeUnit.SECONDS);
      subscription.unsubscribe().get(10, TimeUnit.SECONDS);
      publication.unpublish().get(10, TimeUnit.SECONDS);
      return providers;
    }
  }
}
