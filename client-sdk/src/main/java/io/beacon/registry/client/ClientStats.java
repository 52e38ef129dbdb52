package io.beacon.registry.client;

/**
 * Counters of one client since it was created. {@code pendingRegistrations} counts registrations
 * (and unregistrations) the connected session has not acknowledged yet; {@code emptyPushesHeld}
 * counts pushes held back by empty-push protection. Immutable.
 */
public record ClientStats(
    int pendingRegistrations,
    long reconnects,
    long pushesReceived,
    long pushesApplied,
    long emptyPushesHeld) {}
