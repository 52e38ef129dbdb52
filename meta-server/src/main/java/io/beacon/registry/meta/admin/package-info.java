/** The meta server's HTTP endpoints: health, leader, node digests and the slot table. */
package io.beacon.registry.meta.admin;
