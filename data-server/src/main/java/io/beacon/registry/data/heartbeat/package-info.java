/**
 * What this data server tells the meta leader, and the view of the cluster it takes from its
 * answers.
 */
package io.beacon.registry.data.heartbeat;
