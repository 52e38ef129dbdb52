/**
 * Whether this meta server leads. A single meta always does in this cut; database-backed election
 * replaces {@link io.beacon.registry.meta.leader.SoleLeader} later without touching the callers.
 */
package io.beacon.registry.meta.leader;
