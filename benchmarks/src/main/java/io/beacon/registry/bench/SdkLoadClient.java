package io.beacon.registry.bench;

import io.beacon.registry.client.ClientConfig;
import io.beacon.registry.client.Publication;
import io.beacon.registry.client.RegistryClient;
import io.beacon.registry.client.Scope;
import java.util.concurrent.CompletableFuture;

/**
 * Beacon's SDK with its default configuration, connected to one session client port.
 * Acknowledgement is the future of the newest publish or republish having completed normally.
 */
final class SdkLoadClient implements LoadClient {

  private final RegistryClient client;

  SdkLoadClient(String sessionHostPort) {
    client =
        RegistryClient.create(
            ClientConfig.builder().sessions(sessionHostPort).appName("beacon-bench").build());
  }

  @Override
  public PublisherHandle publish(String dataId, String value) {
    Publication publication = client.publish(dataId, null, value);
    return new PublisherHandle() {
      // Written by the scenario thread, read by whoever checks acknowledgements.
      private volatile CompletableFuture<Void> latest = publication.acknowledged();

      @Override
      public void republish(String newValue) {
        latest = publication.republish(newValue);
      }

      @Override
      public boolean acknowledged() {
        CompletableFuture<Void> future = latest;
        return future.isDone() && !future.isCompletedExceptionally();
      }
    };
  }

  @Override
  public void subscribe(String dataId, ValuesListener listener) {
    client.subscribe(
        dataId, null, Scope.DATA_CENTER, snapshot -> listener.onValues(snapshot.values()));
  }

  @Override
  public void close() {
    client.close();
  }
}
