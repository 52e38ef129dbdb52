package io.beacon.registry.client;

import java.util.ServiceLoader;

/**
 * The implementation behind {@link RegistryClient#create}, found with {@link ServiceLoader}: the
 * SDK's own registers itself in {@code META-INF/services}, so this public package depends on none
 * of its internals. Not for application code. (A jar that merges dependencies must merge service
 * files too.)
 */
public interface RegistryClientProvider {

  /** A client for {@code config}, connecting in the background. */
  RegistryClient create(ClientConfig config);

  /** The provider on the class path; fails if there is none. */
  static RegistryClientProvider load() {
    return ServiceLoader.load(
            RegistryClientProvider.class, RegistryClientProvider.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no "
                        + RegistryClientProvider.class.getName()
                        + " on the class path (expected: the beacon-client-sdk jar with its"
                        + " META-INF/services entry)"));
  }
}
