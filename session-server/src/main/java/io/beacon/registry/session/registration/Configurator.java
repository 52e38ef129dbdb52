package io.beacon.registry.session.registration;

import io.beacon.registry.common.model.DataInfo;

/** One configurator (config watcher) of one client connection. Immutable. */
public record Configurator(String registerId, DataInfo dataInfo, String connectId, long version) {}
