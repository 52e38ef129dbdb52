package io.beacon.registry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link BenchmarkMain}: {@code --target=standalone|cluster|reference|
 * reference-fast|all} (comma-separated), {@code --scenario=memory|registration|push-latency|
 * change-storm|all}, {@code --client=official|sdk|all}, {@code --scale=tiny|small|full}, {@code
 * --out=<file>} (JSON lines appended), {@code --standalone-jar=<path>}, {@code
 * --reference-classpath=<file>}, {@code --profile=<dir>} (a JFR recording of every process per
 * scenario run, summarized in its JSON line), {@code --registration-connections=<n>} (instead of
 * the scale's, in whatever order the options come). Immutable.
 */
record BenchmarkOptions(
    List<String> targets,
    List<String> scenarios,
    List<LoadClient.Kind> clients,
    Scale scale,
    Path out,
    Path standaloneJar,
    Path referenceClasspath,
    Path profileDir) {

  static final List<String> ALL_TARGETS =
      List.of("standalone", "cluster", "reference", "reference-fast");

  /** In the order they run: memory first, on a fresh registry, so its RSS growth is visible. */
  static final List<String> ALL_SCENARIOS =
      List.of("memory", "registration", "push-latency", "change-storm");

  static BenchmarkOptions parse(String... args) {
    List<String> targets = ALL_TARGETS;
    List<String> scenarios = ALL_SCENARIOS;
    List<LoadClient.Kind> clients = List.of(LoadClient.Kind.OFFICIAL, LoadClient.Kind.SDK);
    Scale scale = Scale.SMALL;
    Path out = null;
    Path jar = Path.of("..", "standalone", "target", "beacon-standalone.jar");
    Path referenceClasspath = null;
    Path profileDir = null;
    Integer registrationConnections = null;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("argument: " + arg + " (expected: --name=value)");
      }
      String value = arg.substring(eq + 1);
      switch (arg.substring(2, eq)) {
        case "target" -> targets = pick("target", value, ALL_TARGETS);
        case "scenario" -> scenarios = pick("scenario", value, ALL_SCENARIOS);
        case "client" -> clients = clients(value);
        case "scale" -> scale = Scale.parse(value);
        case "out" -> out = Path.of(value);
        case "standalone-jar" -> jar = Path.of(value);
        case "reference-classpath" -> referenceClasspath = Path.of(value);
        case "profile" -> profileDir = Path.of(value);
        case "registration-connections" -> registrationConnections = positive(arg, value);
        default -> throw new IllegalArgumentException("option: " + arg + " (expected: see --help)");
      }
    }
    if (registrationConnections != null) {
      scale = scale.withRegistrationConnections(registrationConnections);
    }
    return new BenchmarkOptions(
        targets, scenarios, clients, scale, out, jar, referenceClasspath, profileDir);
  }

  private static int positive(String arg, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(arg + " (expected: a positive number)");
  }

  private static List<String> pick(String option, String value, List<String> all) {
    if (value.equals("all")) {
      return all;
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String item : value.split(",", -1)) {
      String name = item.trim().toLowerCase(Locale.ROOT);
      if (!all.contains(name)) {
        throw new IllegalArgumentException(
            option + ": " + name + " (expected: all or some of " + all + ")");
      }
      chosen.add(name);
    }
    // Keep the canonical order whatever order was given.
    return all.stream().filter(chosen::contains).toList();
  }

  private static List<LoadClient.Kind> clients(String value) {
    List<LoadClient.Kind> out = new ArrayList<>();
    for (String name : pick("client", value, List.of("official", "sdk"))) {
      out.add(name.equals("official") ? LoadClient.Kind.OFFICIAL : LoadClient.Kind.SDK);
    }
    return out;
  }
}
