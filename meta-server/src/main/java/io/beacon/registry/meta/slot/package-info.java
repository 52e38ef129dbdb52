/**
 * The slot table on meta: {@link io.beacon.registry.meta.slot.SlotAssigner} computes the next table
 * from the live data servers, {@link io.beacon.registry.meta.slot.SlotBalancer} spreads a complete
 * table evenly a few moves per round, {@link io.beacon.registry.meta.slot.SlotArranger} decides
 * when on the meta loop, and {@link io.beacon.registry.meta.slot.SlotTableStatus} summarizes a
 * table.
 */
package io.beacon.registry.meta.slot;
