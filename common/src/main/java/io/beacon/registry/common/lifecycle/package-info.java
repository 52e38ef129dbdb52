/** A server's start order, reverse close, executors and readiness, shared by the three servers. */
package io.beacon.registry.common.lifecycle;
