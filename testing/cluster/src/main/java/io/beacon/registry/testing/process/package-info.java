/**
 * A registry of real processes for kill -9 tests ({@link
 * io.beacon.registry.testing.process.ProcessCluster}) and a TCP proxy that cuts, stalls and delays
 * links ({@link io.beacon.registry.testing.process.FaultProxy}).
 */
package io.beacon.registry.testing.process;
