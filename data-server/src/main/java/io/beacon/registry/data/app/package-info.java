/** Spring Boot wiring of the {@link io.beacon.registry.data.DataServer}; the only Spring code. */
package io.beacon.registry.data.app;
