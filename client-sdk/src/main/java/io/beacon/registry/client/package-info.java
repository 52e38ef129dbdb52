/**
 * Beacon's Java client SDK. Empty until the SDK issue: applications use the official SOFARegistry
 * client ({@code com.alipay.sofa:registry-client-all}) against Beacon meanwhile.
 */
package io.beacon.registry.client;
