package io.beacon.registry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The samples of {@code conf/} against what the servers declare: the configuration metadata the
 * Spring Boot processor writes into each server jar from the settings records. Every {@code
 * beacon.*} key a sample names exists; a commented-out line shows the default the server really
 * has; and each role's sample names every setting of its role, so a setting added or renamed in a
 * record fails here until its sample says so.
 */
class SampleConfigurationTest {

  /** {@code key=value}, commented out or not; a {@code [map key]} after the name is kept apart. */
  private static final Pattern SETTING =
      Pattern.compile("^(#\\s*)?(beacon\\.[a-z0-9.-]+)(\\[[^\\]]*\\])?=(.*)$");

  private static final Path CONF = Path.of(System.getProperty("distribution.conf"));

  @ParameterizedTest
  @ValueSource(strings = {"meta", "data", "session"})
  void eachRoleSampleNamesEverySettingOfItsRoleWithItsDefault(String role) throws IOException {
    Map<String, String> declared = declaredSettings("beacon." + role + ".");
    List<Setting> sample = sample(role + ".properties");

    assertThat(sample).allSatisfy(setting -> assertThat(declared).containsKey(setting.key()));
    assertThat(sample.stream().map(Setting::key).collect(Collectors.toSet()))
        .as("every beacon.%s.* setting appears in conf/%s.properties", role, role)
        .containsAll(declared.keySet());
    assertShowsDefaults(sample, declared);
    System.out.printf(
        "conf/%s.properties names all %d beacon.%s.* settings, each with its default%n",
        role, declared.size(), role);
  }

  @Test
  void theStandaloneSampleShowsTheStandalonesOwnDefaults() throws IOException {
    Map<String, String> declared = new TreeMap<>();
    for (String role : List.of("meta", "data", "session")) {
      declared.putAll(declaredSettings("beacon." + role + "."));
    }
    // The standalone launcher's application.properties overrides some servers' defaults.
    Properties standalone = new Properties();
    URL resource = standaloneApplicationProperties();
    try (InputStream in = resource.openStream()) {
      standalone.load(in);
    }
    standalone.stringPropertyNames().stream()
        .filter(declared::containsKey)
        .forEach(key -> declared.put(key, standalone.getProperty(key)));
    List<Setting> sample = sample("standalone.properties");

    assertThat(sample).isNotEmpty();
    assertThat(sample).allSatisfy(setting -> assertThat(declared).containsKey(setting.key()));
    assertShowsDefaults(sample, declared);
  }

  /** A commented-out line must show the default, where the setting has one. */
  private static void assertShowsDefaults(List<Setting> sample, Map<String, String> declared) {
    for (Setting setting : sample) {
      String declaredDefault = declared.get(setting.key());
      if (setting.commentedOut() && declaredDefault != null) {
        assertThat(setting.value())
            .as("default of %s shown in the sample", setting.key())
            .isEqualTo(declaredDefault);
      }
    }
  }

  private record Setting(String key, String value, boolean commentedOut) {}

  private static List<Setting> sample(String file) throws IOException {
    List<Setting> settings = new ArrayList<>();
    for (String line : Files.readAllLines(CONF.resolve(file))) {
      Matcher matcher = SETTING.matcher(line.strip());
      if (matcher.matches()) {
        settings.add(new Setting(matcher.group(2), matcher.group(4), matcher.group(1) != null));
      }
    }
    return settings;
  }

  /**
   * Every property under {@code prefix} in the servers' configuration metadata, with its default as
   * a properties file writes it (a list comma-separated), or null where it has none.
   */
  private static Map<String, String> declaredSettings(String prefix) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> settings = new TreeMap<>();
    for (URL url :
        Collections.list(
            SampleConfigurationTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      JsonNode properties = json.readTree(url).path("properties");
      for (JsonNode property : properties) {
        String name = property.path("name").asText();
        if (name.startsWith(prefix)) {
          settings.put(name, defaultOf(property.get("defaultValue")));
        }
      }
    }
    assertThat(settings).as("metadata of %s*", prefix).isNotEmpty();
    return settings;
  }

  private static String defaultOf(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      return StreamSupport.stream(value.spliterator(), false)
          .map(JsonNode::asText)
          .collect(Collectors.joining(","));
    }
    return value.asText();
  }

  private static URL standaloneApplicationProperties() throws IOException {
    Set<String> seen = new TreeSet<>();
    for (URL url :
        Collections.list(
            SampleConfigurationTest.class
                .getClassLoader()
                .getResources("application.properties"))) {
      seen.add(url.toString());
      if (url.toString().contains("standalone")) {
        return url;
      }
    }
    throw new UncheckedIOException(
        new IOException("no application.properties of the standalone launcher among " + seen));
  }
}
