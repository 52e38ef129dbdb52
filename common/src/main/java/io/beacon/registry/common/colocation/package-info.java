/** What servers running in one JVM share: the publisher pool and the in-process routes. */
package io.beacon.registry.common.colocation;
