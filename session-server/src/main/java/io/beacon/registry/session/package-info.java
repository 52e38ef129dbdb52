/** The session server: client connections, registrations, routing to data, pushes. */
package io.beacon.registry.session;
