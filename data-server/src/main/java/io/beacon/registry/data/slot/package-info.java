/** Which slots this node leads, and whether a request may touch a slot (statuses and epochs). */
package io.beacon.registry.data.slot;
