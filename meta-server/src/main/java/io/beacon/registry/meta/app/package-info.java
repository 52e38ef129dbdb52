/**
 * Spring Boot wiring of the meta server: properties under {@code beacon.meta}, the {@link
 * io.beacon.registry.meta.MetaServer} bean and the main class. The only package that sees Spring.
 */
package io.beacon.registry.meta.app;
