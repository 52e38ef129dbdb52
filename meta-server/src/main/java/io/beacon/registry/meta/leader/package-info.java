/**
 * Whether this meta server leads. {@link io.beacon.registry.meta.leader.LeaseElector} elects one
 * leader per cluster through a lease row in the shared database; {@link
 * io.beacon.registry.meta.leader.SoleLeader} is for a meta that runs alone. Callers see only {@link
 * io.beacon.registry.meta.leader.LeaderStatus}.
 */
package io.beacon.registry.meta.leader;
