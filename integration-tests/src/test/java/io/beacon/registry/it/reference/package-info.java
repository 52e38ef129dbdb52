/**
 * Tests against the published SOFARegistry 6.3.0 server ({@link
 * io.beacon.registry.testing.reference.ReferenceRegistry}), named {@code *ReferenceIT}: the {@code
 * reference} Maven profile of integration-tests (on unless {@code -DskipReference}) resolves the
 * server and runs them.
 */
package io.beacon.registry.it.reference;
