package io.beacon.registry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the chosen scenarios against the chosen targets, one registry at a time, and prints one JSON
 * line per scenario run (scenario, target, client, parameters, results, plus the setup and the
 * machine's load) on standard output, also appended to {@code --out}. Everything else (the
 * fixtures' messages, progress) goes to standard error or log files. See {@link BenchmarkOptions}
 * and {@code benchmarks/run.sh}.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    if (options.referenceClasspath() != null) {
      System.setProperty(
          "beacon.reference.classpathFile",
          options.referenceClasspath().toAbsolutePath().toString());
    }
    System.err.println(
        "benchmark JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    run(options, line -> emit(line, options.out()));
    // Client libraries leave non-daemon threads behind.
    System.exit(0);
  }

  /** Runs {@code options}; hands every JSON line to {@code sink}. */
  static void run(BenchmarkOptions options, Consumer<String> sink) {
    for (String targetName : options.targets()) {
      System.err.printf("== target %s: starting%n", targetName);
      try (RegistryTarget target = start(targetName, options)) {
        run(target, options, sink);
      } catch (RuntimeException e) {
        e.printStackTrace();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", "setup");
        line.put("target", targetName);
        line.put("error", String.valueOf(e));
        sink.accept(Json.write(line));
      }
      System.err.printf("== target %s: stopped%n", targetName);
    }
  }

  static void run(RegistryTarget target, BenchmarkOptions options, Consumer<String> sink) {
    for (String scenarioName : options.scenarios()) {
      Scenario scenario = scenario(scenarioName);
      // Memory does not depend on the client library much; the official client measures it.
      List<LoadClient.Kind> clients =
          scenarioName.equals("memory") ? options.clients().subList(0, 1) : options.clients();
      for (LoadClient.Kind client : clients) {
        System.err.printf("-- %s / %s / %s%n", target.name(), scenarioName, client.id());
        sink.accept(
            Json.write(runOne(target, scenario, client, options.scale(), options.profileDir())));
      }
    }
  }

  /** One scenario run; profiled into {@code profileDir} unless it is null. */
  static Map<String, Object> runOne(
      RegistryTarget target,
      Scenario scenario,
      LoadClient.Kind client,
      Scale scale,
      Path profileDir) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("scenario", scenario.name());
    line.put("target", target.name());
    line.put("client", client.id());
    line.put("scale", scale.name());
    line.put("at", Instant.now().toString());
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Profiler profiler =
        profileDir == null
            ? null
            : Profiler.start(
                target.servers(),
                profileDir,
                target.name() + "-" + scenario.name() + "-" + client.id());
    ProcessCpu cpu = ProcessCpu.start(target.servers());
    try {
      Scenario.Result result = scenario.run(target, client, scale);
      line.put("parameters", result.parameters());
      line.put("results", result.results());
      line.put("cpu", cpu.stop());
    } catch (RuntimeException e) {
      e.printStackTrace();
      line.put("error", String.valueOf(e));
    } finally {
      if (profiler != null) {
        try {
          line.put("profile", profiler.stop());
        } catch (RuntimeException e) {
          // A server that died during the scenario cannot be asked for its recording; the
          // scenario's own result still counts.
          e.printStackTrace();
          line.put("profileError", String.valueOf(e));
        }
      }
    }
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("load1Before", loadBefore);
    machine.put("load1After", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    machine.put("java", System.getProperty("java.version"));
    line.put("machine", machine);
    line.put("setup", target.description());
    return line;
  }

  private static Scenario scenario(String name) {
    return switch (name) {
      case "memory" -> new MemoryScenario();
      case "registration" -> new RegistrationScenario();
      case "push-latency" -> new PushLatencyScenario();
      case "change-storm" -> new StormScenario();
      default -> throw new IllegalArgumentException("scenario: " + name);
    };
  }

  private static RegistryTarget start(String name, BenchmarkOptions options) {
    return switch (name) {
      case "standalone" ->
          StandaloneTarget.start(options.standaloneJar(), Path.of("target", "standalone-run"));
      case "cluster" -> ClusterTarget.start();
      case "reference" -> ReferenceTarget.start(false);
      case "reference-fast" -> ReferenceTarget.start(true);
      default -> throw new IllegalArgumentException("target: " + name);
    };
  }

  private static void emit(String line, Path out) {
    System.out.println(line);
    System.out.flush();
    if (out != null) {
      try {
        Files.writeString(
            out,
            line + System.lineSeparator(),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to " + out, e);
      }
    }
  }
}
