/**
 * A session server's graceful leave: out of discovery at once, no new clients, the open client
 * connections handed over a few at a time so their clients move to other sessions.
 */
package io.beacon.registry.session.leave;
