/**
 * The datums of the slots this node leads: per slot, per dataInfoId, the publishers with their
 * datum version and the tombstones of recent removals, and per owning session process an
 * incrementally kept digest (for renews, syncs and lease expiry). One writer per slot (the slot's
 * lock).
 */
package io.beacon.registry.data.store;
