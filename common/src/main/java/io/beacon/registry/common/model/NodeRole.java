package io.beacon.registry.common.model;

/** The three server roles. */
public enum NodeRole {
  META,
  DATA,
  SESSION
}
