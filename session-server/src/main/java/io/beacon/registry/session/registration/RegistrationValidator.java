package io.beacon.registry.session.registration;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.session.settings.RegistrationLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Checks client registrations against {@link RegistrationLimits} at the edge. Each check returns
 * null when the input is acceptable, otherwise a message naming the field and the limit, in the
 * form {@code "dataId: <value> (expected: ...)"}. Immutable.
 */
public final class RegistrationValidator {

  /** The scopes a subscriber may ask for, as the official client spells them. */
  public static final Set<String> SCOPES = Set.of("zone", "dataCenter", "global");

  public static final String REGISTER = "REGISTER";
  public static final String UNREGISTER = "UNREGISTER";

  private final RegistrationLimits limits;

  public RegistrationValidator(RegistrationLimits limits) {
    this.limits = limits;
  }

  public String checkPublisher(PublisherRegister register) {
    String common = checkCommon(register);
    if (common != null) {
      return common;
    }
    List<DataBox> values = register.getDataList();
    if (values == null) {
      return null;
    }
    if (values.size() > limits.maxValues()) {
      return "dataList: " + values.size() + " values (expected: <= " + limits.maxValues() + ")";
    }
    long bytes = 0;
    for (DataBox box : values) {
      if (box != null && box.getData() != null) {
        bytes += utf8Length(box.getData());
      }
    }
    if (bytes > limits.maxDataBytes()) {
      return "dataList: " + bytes + " bytes (expected: <= " + limits.maxDataBytes() + " bytes)";
    }
    return null;
  }

  public String checkSubscriber(SubscriberRegister register) {
    String common = checkCommon(register);
    if (common != null) {
      return common;
    }
    String scope = register.getScope();
    if (scope != null && !SCOPES.contains(scope)) {
      return "scope: " + abbreviate(scope) + " (expected: one of zone, dataCenter, global)";
    }
    return null;
  }

  public String checkCommon(BaseRegister register) {
    String dataId = register.getDataId();
    if (dataId == null || dataId.isBlank()) {
      return "dataId: " + dataId + " (expected: non-empty)";
    }
    if (dataId.length() > limits.maxDataIdChars()) {
      return tooLong("dataId", dataId, limits.maxDataIdChars());
    }
    if (register.getGroup() != null && register.getGroup().length() > limits.maxGroupChars()) {
      return tooLong("group", register.getGroup(), limits.maxGroupChars());
    }
    if (register.getInstanceId() != null
        && register.getInstanceId().length() > limits.maxInstanceIdChars()) {
      return tooLong("instanceId", register.getInstanceId(), limits.maxInstanceIdChars());
    }
    if (register.getZone() != null && register.getZone().length() > limits.maxZoneChars()) {
      return tooLong("zone", register.getZone(), limits.maxZoneChars());
    }
    if (register.getRegistId() == null || register.getRegistId().isBlank()) {
      return "registId: " + register.getRegistId() + " (expected: non-empty)";
    }
    String event = register.getEventType();
    if (event != null && !REGISTER.equals(event) && !UNREGISTER.equals(event)) {
      return "eventType: " + abbreviate(event) + " (expected: REGISTER or UNREGISTER)";
    }
    return null;
  }

  private static String tooLong(String field, String value, int limit) {
    return field
        + ": "
        + abbreviate(value)
        + " of "
        + value.length()
        + " chars (expected: <= "
        + limit
        + " chars)";
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }

  private static long utf8Length(String s) {
    // Cheap for ASCII (the common case); exact otherwise.
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return s.length();
  }
}
