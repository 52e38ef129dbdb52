/** Who is alive: in-memory leases of the session and data servers, renewed by heartbeats. */
package io.beacon.registry.meta.membership;
