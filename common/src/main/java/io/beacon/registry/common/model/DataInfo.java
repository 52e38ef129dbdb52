package io.beacon.registry.common.model;

import java.util.Objects;

/**
 * The identity of a piece of registry data: {@code dataId#@#instanceId#@#group}, as the reference
 * builds it. Immutable.
 */
public record DataInfo(String dataId, String instanceId, String group) {

  public static final String SEPARATOR = "#@#";
  public static final String DEFAULT_INSTANCE_ID = "DEFAULT_INSTANCE_ID";
  public static final String DEFAULT_GROUP = "DEFAULT_GROUP";

  public DataInfo {
    Objects.requireNonNull(dataId, "dataId");
    instanceId = instanceId == null || instanceId.isEmpty() ? DEFAULT_INSTANCE_ID : instanceId;
    group = group == null || group.isEmpty() ? DEFAULT_GROUP : group;
  }

  /** The dataInfoId string used as the key everywhere (slot function, datums, subscriptions). */
  public String id() {
    return dataId + SEPARATOR + instanceId + SEPARATOR + group;
  }

  /** Parses a dataInfoId built by {@link #id()}. */
  public static DataInfo parse(String dataInfoId) {
    int first = dataInfoId.indexOf(SEPARATOR);
    int last = dataInfoId.lastIndexOf(SEPARATOR);
    if (first < 0 || first == last) {
      throw new IllegalArgumentException(
          "dataInfoId: " + dataInfoId + " (expected: dataId#@#instanceId#@#group)");
    }
    return new DataInfo(
        dataInfoId.substring(0, first),
        dataInfoId.substring(first + SEPARATOR.length(), last),
        dataInfoId.substring(last + SEPARATOR.length()));
  }
}
