/** Change notices from this data server to the live sessions, coalesced per session. */
package io.beacon.registry.data.change;
