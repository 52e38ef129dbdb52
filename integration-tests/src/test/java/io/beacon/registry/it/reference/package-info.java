/**
 * The published SOFARegistry 6.3.0 all-in-one server as a fixture ({@link
 * io.beacon.registry.it.reference.ReferenceRegistry}), for comparison tests and benchmarks. Tests
 * that need it are named {@code *ReferenceIT}: the {@code reference} Maven profile of
 * integration-tests (on unless {@code -DskipReference}) resolves the server and runs them.
 */
package io.beacon.registry.it.reference;
