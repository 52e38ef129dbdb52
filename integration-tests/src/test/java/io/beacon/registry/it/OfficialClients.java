package io.beacon.registry.it;

import io.beacon.registry.session.SessionServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The official clients a test opened, closed when it ends (after the test's own {@code @AfterEach}
 * methods). Register as an instance field with {@code @RegisterExtension}.
 */
final class OfficialClients implements AfterEachCallback {

  private final List<OfficialClient> open = new CopyOnWriteArrayList<>();

  /** A client connected straight to {@code session}'s client port, in the default zone. */
  OfficialClient pinnedTo(SessionServer session) {
    return add(OfficialClient.pinnedTo(session));
  }

  /** A client connected straight to {@code session}'s client port, in {@code zone}. */
  OfficialClient pinnedTo(SessionServer session, String zone) {
    return add(OfficialClient.pinnedTo(session, zone));
  }

  /** Closes {@code client} when the test ends. */
  OfficialClient add(OfficialClient client) {
    open.add(client);
    return client;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    open.forEach(OfficialClient::close);
    open.clear();
  }
}
