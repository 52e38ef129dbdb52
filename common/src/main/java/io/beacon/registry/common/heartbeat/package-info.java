/** The lease loop every session and data server runs against the meta leader. */
package io.beacon.registry.common.heartbeat;
