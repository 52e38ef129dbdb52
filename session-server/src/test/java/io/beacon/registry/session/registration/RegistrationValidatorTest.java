package io.beacon.registry.session.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.ConfiguratorRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import com.alipay.sofa.registry.core.model.SubscriberRegister;
import io.beacon.registry.session.settings.RegistrationLimits;
import io.beacon.registry.testing.Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationValidatorTest {

  private static final int MIB = 1 << 20;

  private final RegistrationValidator validator =
      new RegistrationValidator(Settings.defaults(RegistrationLimits.class));

  @Test
  void defaultLimitsAreTheDocumentedOnes() {
    assertThat(Settings.defaults(RegistrationLimits.class))
        .isEqualTo(new RegistrationLimits(512, 128, 128, 128, 128, MIB));
  }

  @Test
  void validRegistrationsOfEveryKindPass() {
    assertThat(validator.checkPublisher(publisher("value"))).isNull();
    assertThat(validator.checkSubscriber(subscriber("zone"))).isNull();
    assertThat(validator.checkSubscriber(subscriber("dataCenter"))).isNull();
    assertThat(validator.checkSubscriber(subscriber("global"))).isNull();
    assertThat(validator.checkSubscriber(subscriber(null))).isNull();

    ConfiguratorRegister configurator = new ConfiguratorRegister();
    fill(configurator);
    assertThat(validator.checkCommon(configurator)).isNull();
  }

  @Test
  void optionalFieldsMayBeMissing() {
    PublisherRegister register = new PublisherRegister();
    register.setDataId("com.example.Service");
    register.setRegistId("r1");
    assertThat(validator.checkPublisher(register)).isNull();
  }

  @Test
  void registrationsExactlyAtEveryLimitPass() {
    PublisherRegister register = publisher();
    register.setDataId("d".repeat(512));
    register.setGroup("g".repeat(128));
    register.setInstanceId("i".repeat(128));
    register.setZone("z".repeat(128));
    List<DataBox> boxes = new ArrayList<>();
    for (int i = 0; i < 127; i++) {
      boxes.add(new DataBox("x"));
    }
    boxes.add(new DataBox("y".repeat(MIB - 127)));
    register.setDataList(boxes);

    assertThat(validator.checkPublisher(register)).isNull();
  }

  @Test
  void anUnregisterEventPasses() {
    PublisherRegister register = publisher("v");
    register.setEventType(RegistrationValidator.UNREGISTER);
    assertThat(validator.checkPublisher(register)).isNull();
  }

  @Test
  void aMissingDataIdIsRefusedNamingTheField() {
    PublisherRegister register = publisher("v");
    register.setDataId(null);
    assertThat(validator.checkPublisher(register)).isEqualTo("dataId: null (expected: non-empty)");
  }

  @Test
  void anEmptyOrBlankDataIdIsRefused() {
    PublisherRegister empty = publisher("v");
    empty.setDataId("");
    assertThat(validator.checkPublisher(empty)).isEqualTo("dataId:  (expected: non-empty)");

    SubscriberRegister blank = subscriber("zone");
    blank.setDataId("   ");
    assertThat(validator.checkSubscriber(blank))
        .startsWith("dataId: ")
        .endsWith("(expected: non-empty)");
  }

  @Test
  void aDataIdOverFiveHundredTwelveCharsIsRefusedWithItsLengthAndTheLimit() {
    PublisherRegister register = publisher("v");
    register.setDataId("d".repeat(513));

    assertThat(validator.checkPublisher(register))
        .isEqualTo("dataId: " + "d".repeat(40) + "... of 513 chars (expected: <= 512 chars)");
  }

  @Test
  void aGroupOverOneHundredTwentyEightCharsIsRefused() {
    SubscriberRegister register = subscriber("zone");
    register.setGroup("g".repeat(129));

    assertThat(validator.checkSubscriber(register))
        .startsWith("group: ggg")
        .contains("129 chars")
        .endsWith("(expected: <= 128 chars)");
  }

  @Test
  void anInstanceIdOverOneHundredTwentyEightCharsIsRefused() {
    PublisherRegister register = publisher("v");
    register.setInstanceId("i".repeat(200));

    assertThat(validator.checkPublisher(register))
        .startsWith("instanceId: iii")
        .contains("200 chars")
        .endsWith("(expected: <= 128 chars)");
  }

  @Test
  void aZoneOverOneHundredTwentyEightCharsIsRefused() {
    ConfiguratorRegister register = new ConfiguratorRegister();
    fill(register);
    register.setZone("z".repeat(129));

    assertThat(validator.checkCommon(register))
        .startsWith("zone: zzz")
        .contains("129 chars")
        .endsWith("(expected: <= 128 chars)");
  }

  @Test
  void aShortValueIsQuotedWhole() {
    RegistrationValidator tight =
        new RegistrationValidator(new RegistrationLimits(3, 3, 3, 3, 3, 3));
    PublisherRegister register = publisher("v");
    register.setDataId("abcd");

    assertThat(tight.checkPublisher(register))
        .isEqualTo("dataId: abcd of 4 chars (expected: <= 3 chars)");
  }

  @Test
  void moreThanOneHundredTwentyEightValuesAreRefused() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      values.add("v" + i);
    }
    PublisherRegister register = publisher(values.toArray(String[]::new));

    assertThat(validator.checkPublisher(register))
        .isEqualTo("dataList: 129 values (expected: <= 128)");
  }

  @Test
  void valuesOverOneMebibyteTogetherAreRefused() {
    PublisherRegister register = publisher("a".repeat(MIB / 2), "b".repeat(MIB / 2 + 1));

    assertThat(validator.checkPublisher(register))
        .isEqualTo("dataList: " + (MIB + 1) + " bytes (expected: <= " + MIB + " bytes)");
  }

  @Test
  void valuesAreMeasuredInUtf8BytesNotChars() {
    // 3 bytes per char in UTF-8: 400,000 chars are under the limit in chars, over it in bytes.
    String chinese = "中".repeat(400_000);
    assertThat(chinese.length()).isLessThan(MIB);
    assertThat(chinese.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MIB);

    assertThat(validator.checkPublisher(publisher(chinese)))
        .isEqualTo("dataList: 1200000 bytes (expected: <= " + MIB + " bytes)");
  }

  @Test
  void aLateMultiByteCharIsStillCountedInBytes() {
    // ASCII up to the last char: only an exact byte count sees that this is one byte over.
    String value = "a".repeat(MIB - 3) + "éé";
    assertThat(value.length()).isLessThan(MIB);

    assertThat(validator.checkPublisher(publisher(value)))
        .isEqualTo("dataList: " + (MIB + 1) + " bytes (expected: <= " + MIB + " bytes)");
  }

  @Test
  void supplementaryCharsCountFourBytesEach() {
    String emoji = "😀".repeat(MIB / 4); // 2 chars, 4 bytes each: exactly the limit
    assertThat(validator.checkPublisher(publisher(emoji))).isNull();
    assertThat(validator.checkPublisher(publisher(emoji, "x")))
        .isEqualTo("dataList: " + (MIB + 1) + " bytes (expected: <= " + MIB + " bytes)");
  }

  @Test
  void nullBoxesAndNullDataCountForNothing() {
    List<DataBox> boxes = new ArrayList<>();
    boxes.add(null);
    boxes.add(new DataBox(null));
    boxes.add(new DataBox("x"));
    PublisherRegister register = publisher();
    register.setDataList(boxes);

    assertThat(validator.checkPublisher(register)).isNull();
  }

  @Test
  void anUnknownScopeIsRefusedListingTheKnownOnes() {
    assertThat(validator.checkSubscriber(subscriber("planet")))
        .isEqualTo("scope: planet (expected: one of zone, dataCenter, global)");
    // The official client spells them in camel case; anything else is unknown.
    assertThat(validator.checkSubscriber(subscriber("DATACENTER")))
        .startsWith("scope: DATACENTER (expected: ");
  }

  @Test
  void anUnknownEventTypeIsRefused() {
    PublisherRegister register = publisher("v");
    register.setEventType("DELETE");

    assertThat(validator.checkPublisher(register))
        .isEqualTo("eventType: DELETE (expected: REGISTER or UNREGISTER)");
  }

  @Test
  void aMissingOrBlankRegistIdIsRefused() {
    PublisherRegister missing = publisher("v");
    missing.setRegistId(null);
    assertThat(validator.checkPublisher(missing)).isEqualTo("registId: null (expected: non-empty)");

    SubscriberRegister blank = subscriber("zone");
    blank.setRegistId(" ");
    assertThat(validator.checkSubscriber(blank))
        .startsWith("registId: ")
        .endsWith("(expected: non-empty)");
  }

  @Test
  void customLimitsAreHonoured() {
    RegistrationValidator tight =
        new RegistrationValidator(new RegistrationLimits(512, 128, 128, 128, 2, 10));

    assertThat(tight.checkPublisher(publisher("a", "b", "c")))
        .isEqualTo("dataList: 3 values (expected: <= 2)");
    assertThat(tight.checkPublisher(publisher("12345", "678901")))
        .isEqualTo("dataList: 11 bytes (expected: <= 10 bytes)");
    assertThat(tight.checkPublisher(publisher("12345", "67890"))).isNull();
  }

  private static PublisherRegister publisher(String... values) {
    PublisherRegister register = new PublisherRegister();
    fill(register);
    List<DataBox> boxes = new ArrayList<>();
    for (String value : values) {
      boxes.add(new DataBox(value));
    }
    register.setDataList(boxes);
    return register;
  }

  private static SubscriberRegister subscriber(String scope) {
    SubscriberRegister register = new SubscriberRegister();
    fill(register);
    register.setScope(scope);
    return register;
  }

  private static void fill(BaseRegister register) {
    register.setDataId("com.example.Service");
    register.setGroup("DEFAULT_GROUP");
    register.setInstanceId("DEFAULT_INSTANCE_ID");
    register.setZone("DEFAULT_ZONE");
    register.setAppName("app");
    register.setRegistId("regist-1");
    register.setVersion(1L);
    register.setEventType(RegistrationValidator.REGISTER);
  }
}
