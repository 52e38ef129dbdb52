/**
 * The published SOFARegistry 6.3.0 all-in-one server as a fixture ({@link
 * io.beacon.registry.testing.reference.ReferenceRegistry}), for comparison tests and benchmarks.
 * Its classpath is resolved apart from ours, by {@code testing/cluster/reference-registry/pom.xml}.
 */
package io.beacon.registry.testing.reference;
