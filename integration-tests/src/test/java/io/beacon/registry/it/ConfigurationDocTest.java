package io.beacon.registry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is what {@link ConfigurationDoc} generates from the configuration
 * metadata in the server jars: a setting added, renamed, re-defaulted or re-described in a settings
 * record without regenerating the document fails here, with the command that regenerates it. With
 * {@code -Dbeacon.docs.write=true} the test writes the document instead.
 */
class ConfigurationDocTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theConfigurationDocumentIsTheOneTheMetadataGenerates() throws Exception {
    String generated = ConfigurationDoc.generate(ROOT);
    Path doc = ROOT.resolve("docs/configuration.md");
    if (Boolean.getBoolean("beacon.docs.write")) {
      Files.writeString(doc, generated, StandardCharsets.UTF_8);
      System.out.println("wrote " + doc.toAbsolutePath().normalize());
      return;
    }
    if (!Files.exists(doc)) {
      fail(
          "docs/configuration.md is missing; generate it with:%n  %s", ConfigurationDoc.REGENERATE);
    }
    List<String> expected = generated.lines().toList();
    List<String> actual = Files.readString(doc, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(end of document)";
      String have = i < actual.size() ? actual.get(i) : "(end of document)";
      if (!want.equals(have)) {
        fail(
            "docs/configuration.md differs from the configuration metadata at line %d:%n"
                + "  metadata says: %s%n  document says: %s%n"
                + "Regenerate it with:%n  %s",
            i + 1, want, have, ConfigurationDoc.REGENERATE);
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void everyPropertyOfEveryRoleIsListedWithItsDefault() {
    String generated = ConfigurationDoc.generate(ROOT);

    assertThat(generated)
        .contains("| `beacon.meta.jdbc-url` | string | (none) |")
        .contains("| `beacon.meta.node-lease` | duration | `20s` |")
        .contains("| `beacon.data.meta-unreachable-timeout` | duration | `10s` |")
        .contains("| `beacon.session.push-limits.frames-in-flight` | integer | `2` |")
        .contains("| `beacon.session.meta-addresses` | list of strings | `127.0.0.1:9610` |")
        .contains("| `beacon.meta.bind-host` | `127.0.0.1` |");
  }
}
