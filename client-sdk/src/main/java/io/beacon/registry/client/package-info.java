/**
 * Beacon's Java client SDK: {@link io.beacon.registry.client.RegistryClient#create} connects to a
 * session server in the background and keeps publications, subscriptions and config watches
 * registered across reconnects. Speaks the SOFARegistry 6 client protocol, so it also works against
 * a SOFARegistry session server.
 */
package io.beacon.registry.client;
