/** The meta loop: the one thread that evicts node leases and changes the slot table. */
package io.beacon.registry.meta.loop;
