package io.beacon.registry.common.colocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.beacon.registry.common.model.ProcessId;
import io.beacon.registry.common.model.Publisher;
import io.beacon.registry.common.model.RegisterVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherPoolTest {

  @Test
  void aSharedPoolReturnsTheFirstOfEqualPublishers() {
    PublisherPool pool = PublisherPool.shared();
    Publisher first = pool.share(publisher("r1", "v1"));

    Publisher equalCopy = publisher("r1", "v1");
    Publisher other = publisher("r1", "v2");

    assertThat(pool.share(equalCopy)).isSameAs(first);
    assertThat(pool.share(other)).isSameAs(other).isNotEqualTo(first);
  }

  @Test
  void noPoolReturnsItsArgument() {
    Publisher first = PublisherPool.none().share(publisher("r1", "v1"));
    Publisher equalCopy = publisher("r1", "v1");

    assertThat(PublisherPool.none().share(equalCopy)).isSameAs(equalCopy).isNotSameAs(first);
  }

  private static Publisher publisher(String registerId, String value) {
    return new Publisher(
        "com.example.Echo#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP",
        registerId,
        List.of(value),
        new RegisterVersion(1, 1000L),
        "DEFAULT_ZONE",
        "app",
        "10.0.0.1:5000_10.0.0.2:9600",
        new ProcessId("10.0.0.2", 1L, 2L, 3));
  }
}
