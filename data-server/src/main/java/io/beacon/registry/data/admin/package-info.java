/** The HTTP admin endpoints: health, datum digests, the slot table this node holds. */
package io.beacon.registry.data.admin;
