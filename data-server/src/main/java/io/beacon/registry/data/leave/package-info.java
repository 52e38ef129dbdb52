/**
 * A data server's graceful leave: meta moves its slot leaderships to caught-up followers, and the
 * process exits once it leads nothing or after a bound.
 */
package io.beacon.registry.data.leave;
