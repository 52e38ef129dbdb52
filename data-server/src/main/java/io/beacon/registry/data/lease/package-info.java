/**
 * Session leases on this data server: which session processes are alive, and the expiry of the
 * publishers of those that are gone (orphans).
 */
package io.beacon.registry.data.lease;
