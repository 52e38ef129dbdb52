/**
 * Client-off: what a closed client connection, or an IP turned off by meta's switches, removes from
 * this session and from the data leaders.
 */
package io.beacon.registry.session.clientoff;
