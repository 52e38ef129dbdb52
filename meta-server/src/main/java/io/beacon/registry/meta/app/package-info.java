/**
 * Spring Boot wiring of the meta server: settings under {@code beacon.meta} bound into {@link
 * io.beacon.registry.meta.settings.MetaServerConfig}, the {@link
 * io.beacon.registry.meta.MetaServer} bean and the main class. The only package that sees Spring.
 */
package io.beacon.registry.meta.app;
