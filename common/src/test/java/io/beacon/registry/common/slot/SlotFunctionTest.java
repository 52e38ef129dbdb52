package io.beacon.registry.common.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlotFunctionTest {

  @Test
  void matchesTheReferenceFunctionBuiltOnGuavaCrc32c() {
    SlotFunction slots = new SlotFunction(256);
    for (int i = 0; i < 2_000; i++) {
      String id = "com.example.Service" + i + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP";
      int reference =
          Math.abs(Hashing.crc32c().hashBytes(id.getBytes(StandardCharsets.UTF_8)).asInt()) & 255;
      assertThat(slots.slotOf(id)).isEqualTo(reference);
    }
  }

  @Test
  void spreadsDataInfoIdsOverEverySlot() {
    SlotFunction slots = new SlotFunction(16);
    int[] counts = new int[16];
    for (int i = 0; i < 16_000; i++) {
      counts[slots.slotOf("service-" + i)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(800, 1200);
    }
  }

  @Test
  void slotCountMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new SlotFunction(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }
}
