/** The handlers of the requests sessions send to this data server. */
package io.beacon.registry.data.rpc;
