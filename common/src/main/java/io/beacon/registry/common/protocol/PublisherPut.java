package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;

/** Store {@code publisher} unless the leader holds a newer version of the same registerId. */
public record PublisherPut(Publisher publisher) implements PublisherWrite {

  @Override
  public String dataInfoId() {
    return publisher.dataInfoId();
  }

  @Override
  public String registerId() {
    return publisher.registerId();
  }

  @Override
  public RegisterVersion version() {
    return publisher.version();
  }
}
