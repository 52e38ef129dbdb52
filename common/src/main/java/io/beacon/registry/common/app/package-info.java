/**
 * Spring Boot support shared by every server's {@code app} package: the check that stops a start
 * given an unknown {@code beacon.*} property, and its failure report. Spring Boot is an optional
 * dependency of {@code common}: only the servers, which bring it, load this package.
 */
package io.beacon.registry.common.app;
