/** The Bolt handlers of the meta server: heartbeats of session and data servers. */
package io.beacon.registry.meta.rpc;
