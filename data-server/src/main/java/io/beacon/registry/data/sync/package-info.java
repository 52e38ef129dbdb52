/**
 * Slot diff sync: a requester repairs its copy of a slot's publishers from a responder's, in
 * bounded digest and publisher-diff rounds (see {@code docs/adr/0001-digest-sync.md}). The slot
 * leader pulls what each session owns ({@link io.beacon.registry.data.sync.SessionSync}); each
 * follower pulls its whole copy of a slot from the slot's leader ({@link
 * io.beacon.registry.data.sync.FollowerSync}).
 */
package io.beacon.registry.data.sync;
