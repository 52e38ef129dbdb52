package io.beacon.registry.testing.reference;

import io.beacon.registry.testing.cluster.Directories;
import io.beacon.registry.testing.process.JvmFlags;
import io.beacon.registry.testing.process.OrphanGuard;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The command line and files of one run of the reference server, under its run directory: {@code
 * home/} (its {@code user.home}, where it writes its own logs), {@code config/} (the Spring profile
 * with the embedded H2 database), {@code guard/} ({@link OrphanGuard}'s class file) and {@code
 * server.log} (its standard output and error). The classpath comes from the file {@code
 * testing/cluster/reference-registry/pom.xml} writes, named by {@link #CLASSPATH_FILE_PROPERTY}
 * (integration-tests' {@code reference} profile sets it for failsafe, benchmarks from {@code
 * --reference-classpath}) or else {@link #DEFAULT_CLASSPATH_FILE}, with the integration jar first
 * so its {@code application*.properties}, {@code log4j2.xml} and SQL win. Immutable.
 */
final class ReferenceLaunch {

  /** System property naming the classpath file; tests get it from the failsafe configuration. */
  static final String CLASSPATH_FILE_PROPERTY = "beacon.reference.classpathFile";

  static final Path DEFAULT_CLASSPATH_FILE =
      Path.of("target", "reference-registry", "server.classpath");

  private static final String MAIN_CLASS =
      "com.alipay.sofa.registry.server.integration.RegistryApplication";
  private static final String INTEGRATION_JAR = "registry-server-integration-";
  private static final String PROFILE = "beacon-h2";

  /**
   * Embedded metadata instead of MySQL; no meta leader warm-up, which otherwise makes meta refuse
   * data during 2 s and the JVM exit in about one start of three.
   */
  private static final Map<String, String> H2_PROFILE = h2Profile();

  /** The published server's heap and the flags of {@link JvmFlags#ADD_OPENS}. */
  private static final List<String> JVM_OPTIONS =
      Stream.concat(Stream.of("-Xms256m", "-Xmx1g"), JvmFlags.ADD_OPENS.stream()).toList();

  private final Path runDir;
  private final List<String> command;

  private ReferenceLaunch(Path runDir, List<String> command) {
    this.runDir = runDir;
    this.command = List.copyOf(command);
  }

  /**
   * Empties {@code runDir}, writes the profile with {@code extraProperties} over {@link
   * #H2_PROFILE} and the guard's class file, and builds the command line.
   */
  static ReferenceLaunch prepare(Path runDir, Map<String, String> extraProperties)
      throws IOException {
    List<String> classpath = serverClasspath();
    Directories.deleteRecursively(runDir);
    Path home = Files.createDirectories(runDir.resolve("home"));
    Path config = Files.createDirectories(runDir.resolve("config"));
    Map<String, String> properties = new LinkedHashMap<>(H2_PROFILE);
    properties.putAll(extraProperties);
    Files.writeString(
        config.resolve("application-" + PROFILE + ".properties"),
        properties.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")),
        StandardCharsets.UTF_8);
    classpath.add(copyGuard(runDir.resolve("guard")).toString());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-Duser.home=" + home.toAbsolutePath());
    command.add("-Dspring.profiles.active=" + PROFILE);
    command.add("-Dspring.config.additional-location=file:" + config.toAbsolutePath() + "/");
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(OrphanGuard.class.getName());
    command.add(MAIN_CLASS);
    return new ReferenceLaunch(runDir, command);
  }

  List<String> command() {
    return command;
  }

  Path logFile() {
    return runDir.resolve("server.log");
  }

  /** The command line without the (long) classpath, for the log's first line. */
  String describe() {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    shown.set(cp + 1, "<reference classpath>");
    return String.join(" ", shown);
  }

  private static List<String> serverClasspath() throws IOException {
    Path file =
        Path.of(System.getProperty(CLASSPATH_FILE_PROPERTY, DEFAULT_CLASSPATH_FILE.toString()));
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "reference server classpath: "
              + file.toAbsolutePath()
              + " (expected: written by the `reference` profile of integration-tests, e.g. `mvn -B"
              + " verify -pl integration-tests -am`; or by hand: `mvn -B -f"
              + " testing/cluster/reference-registry/pom.xml initialize"
              + " -Dreference.classpathFile=<that path>`)");
    }
    List<String> entries = new ArrayList<>();
    for (String entry :
        Files.readString(file, StandardCharsets.UTF_8).trim().split(File.pathSeparator, -1)) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    List<String> missing = entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "reference server classpath "
              + file
              + " names missing files: "
              + missing
              + " (expected: existing jars; resolve it again)");
    }
    int integration = indexOfIntegrationJar(entries);
    entries.add(0, entries.remove(integration));
    return entries;
  }

  private static int indexOfIntegrationJar(List<String> entries) {
    for (int i = 0; i < entries.size(); i++) {
      if (Path.of(entries.get(i)).getFileName().toString().startsWith(INTEGRATION_JAR)) {
        return i;
      }
    }
    throw new IllegalStateException(
        "reference server classpath: " + entries + " (expected: a " + INTEGRATION_JAR + "*.jar)");
  }

  /** Copies {@link OrphanGuard}'s class file under {@code dir}; returns {@code dir}. */
  private static Path copyGuard(Path dir) throws IOException {
    String resource = OrphanGuard.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = OrphanGuard.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("class file not found: " + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir.toAbsolutePath();
  }

  private static Map<String, String> h2Profile() {
    Map<String, String> profile = new LinkedHashMap<>();
    profile.put("nodes.localDataCenter", "DefaultDataCenter");
    profile.put("nodes.localRegion", "DEFAULT_ZONE");
    profile.put("nodes.localSegmentRegions", "DEFAULT_ZONE");
    profile.put("jdbc.driverClassName", "org.h2.Driver");
    profile.put("jdbc.url", "jdbc:h2:mem:peermetadb;DB_CLOSE_DELAY=-1;MODE=MySQL;MV_STORE=FALSE");
    profile.put("jdbc.mapperLocations", "classpath:h2-mapper/*.xml");
    profile.put("jdbc.username", "sa");
    profile.put("jdbc.password", "");
    profile.put("meta.server.metaLeaderWarmupMillis", "0");
    return Collections.unmodifiableMap(profile);
  }
}
