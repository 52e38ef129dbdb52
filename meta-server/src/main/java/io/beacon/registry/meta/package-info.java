/** The meta server: node leases, the slot table, and (later) leader election and switches. */
package io.beacon.registry.meta;
