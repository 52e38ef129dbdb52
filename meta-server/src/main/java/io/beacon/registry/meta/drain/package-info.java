/**
 * Graceful drain of data servers: the persisted {@link io.beacon.registry.meta.drain.DrainList}
 * that the admin endpoints edit and the slot arranger reads.
 */
package io.beacon.registry.meta.drain;
