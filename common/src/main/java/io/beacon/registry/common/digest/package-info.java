/**
 * The pure algorithms of data-tier healing: per-dataInfoId publisher summaries and digests, a
 * slot-level digest for the cheap renew check, and the two diffs a slot diff sync runs (which
 * dataInfoIds differ, then which publishers to transfer, in bounded rounds). Everything here is an
 * immutable value with no I/O, no clock and no threads; the syncers that drive it live in the
 * servers. See {@code docs/adr/0001-digest-sync.md}.
 */
package io.beacon.registry.common.digest;
