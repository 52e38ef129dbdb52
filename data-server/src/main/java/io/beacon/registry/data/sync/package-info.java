/**
 * Slot diff sync: a requester repairs its copy of a slot's publishers from a responder's, in
 * bounded digest and publisher-diff rounds (see {@code docs/adr/0001-digest-sync.md}). Today the
 * slot leader pulls what each session owns; the same driver will serve leader to follower.
 */
package io.beacon.registry.data.sync;
