package io.beacon.registry.testing.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLauncherTest {

  @Test
  void aTestsArgumentReplacesTheDefaultOfTheSameKeyInsteadOfJoiningIt() {
    List<String> arguments =
        ServerLauncher.lastOfEachKey(
            List.of(
                "--beacon.meta.jdbc-url=jdbc:h2:file:/tmp/meta",
                "--beacon.meta.jdbc-user=sa",
                "--beacon.meta.http-port=1234",
                "--beacon.meta.jdbc-url=jdbc:postgresql://127.0.0.1:5432/test",
                "--beacon.meta.jdbc-user=postgres"));

    assertThat(arguments)
        .containsExactly(
            "--beacon.meta.http-port=1234",
            "--beacon.meta.jdbc-url=jdbc:postgresql://127.0.0.1:5432/test",
            "--beacon.meta.jdbc-user=postgres");
  }

  @Test
  void argumentsWithoutAKeyAreKeptInOrder() {
    assertThat(ServerLauncher.lastOfEachKey(List.of("meta", "--flag", "--a=1", "--a=2")))
        .containsExactly("meta", "--flag", "--a=2");
  }
}
