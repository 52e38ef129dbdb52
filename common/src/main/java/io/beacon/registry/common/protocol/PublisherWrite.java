package io.beacon.registry.common.protocol;

import io.beacon.registry.common.model.RegisterVersion;

/** One write a session sends to a slot leader: a put or a version-guarded removal. */
public sealed interface PublisherWrite permits PublisherPut, PublisherRemoval {

  String dataInfoId();

  String registerId();

  /**
   * The registration version this write carries; of two writes of one registration, the newer wins.
   */
  RegisterVersion version();
}
