/** The data server: datums of the slots it leads, and change notices to sessions. */
package io.beacon.registry.data;
