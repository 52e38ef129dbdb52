package io.beacon.registry.common.protocol;

/** One write a session sends to a slot leader: a put or a version-guarded removal. */
public sealed interface PublisherWrite permits PublisherPut, PublisherRemoval {

  String dataInfoId();

  String registerId();
}
