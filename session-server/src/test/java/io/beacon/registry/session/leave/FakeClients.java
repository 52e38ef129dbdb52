package io.beacon.registry.session.leave;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A client port of {@code count} open connections for leave tests. A handed-over connection stays
 * listed as open until {@link #deliverCloses()}, as a close event that has not arrived yet.
 */
final class FakeClients implements ClientHandover {

  final Set<String> open = new LinkedHashSet<>();
  final List<String> handedOver = new ArrayList<>();
  private final List<String> closing = new ArrayList<>();
  boolean refusing;

  FakeClients(int count) {
    for (int i = 0; i < count; i++) {
      open.add("10.1.0." + (i / 250) + ":" + (20000 + i) + "_10.0.0.1:9600");
    }
  }

  @Override
  public void refuseNewConnections() {
    refusing = true;
  }

  @Override
  public List<String> openConnectIds() {
    return new ArrayList<>(open);
  }

  @Override
  public boolean handOver(String connectId) {
    if (!open.contains(connectId) || closing.contains(connectId)) {
      return false;
    }
    handedOver.add(connectId);
    closing.add(connectId);
    return true;
  }

  void deliverCloses() {
    closing.forEach(open::remove);
    closing.clear();
  }
}
