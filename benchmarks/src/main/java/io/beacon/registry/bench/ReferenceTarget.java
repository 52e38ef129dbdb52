package io.beacon.registry.bench;

import io.beacon.registry.testing.reference.ReferenceRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published SOFARegistry 6.3.0 all-in-one server ({@link ReferenceRegistry}: its own JVM,
 * embedded H2, fixed ports 9600..), with its default push timers or with {@link
 * ReferenceRegistry#FAST_PUSH}. Clients connect straight to 127.0.0.1:9600 (it advertises its eth0
 * address). Its server classpath file comes from the system property {@code
 * beacon.reference.classpathFile} (run.sh sets it). Confined to the scenario thread.
 */
final class ReferenceTarget implements RegistryTarget {

  private static final String MAIN_CLASS_MARK = "RegistryApplication";

  private final String name;
  private final boolean fastPush;
  private final ReferenceRegistry registry;
  private final long pid;

  private ReferenceTarget(String name, boolean fastPush, ReferenceRegistry registry) {
    this.name = name;
    this.fastPush = fastPush;
    this.registry = registry;
    this.pid = serverPid();
  }

  static ReferenceTarget start(boolean fastPush) {
    String name = fastPush ? "reference-fast" : "reference";
    ReferenceRegistry registry =
        ReferenceRegistry.start("bench-" + name, fastPush ? ReferenceRegistry.FAST_PUSH : Map.of());
    try {
      return new ReferenceTarget(name, fastPush, registry);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /**
   * The fixture keeps its process to itself; the server is the child whose command line (read from
   * {@code /proc}, which does not truncate it) names the reference's main class.
   */
  private static long serverPid() {
    return ProcessHandle.current()
        .children()
        .filter(child -> commandLine(child.pid()).contains(MAIN_CLASS_MARK))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("reference server process not found"))
        .pid();
  }

  private static String commandLine(long pid) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> sessionAddresses() {
    return List.of(ReferenceRegistry.HOST + ":" + ReferenceRegistry.SESSION_CLIENT_PORT);
  }

  @Override
  public long storedPublisherCopies() {
    return HttpCounts.referencePublishers(
        ReferenceRegistry.HOST + ":" + ReferenceRegistry.DATA_HTTP_PORT);
  }

  @Override
  public int copiesPerPublisher() {
    return 1;
  }

  @Override
  public List<ServerPid> servers() {
    return List.of(new ServerPid("all-in-one", pid));
  }

  @Override
  public Map<String, Object> description() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server", "com.alipay.sofa:registry-server-integration:6.3.0, embedded H2");
    out.put("jvmOptions", "-Xms256m -Xmx1g + add-opens (ReferenceLaunch)");
    out.put("pushTimers", fastPush ? ReferenceRegistry.FAST_PUSH : "defaults");
    out.put("startupMillis", registry.startupTime().toMillis());
    out.put("log", registry.logFile().toAbsolutePath().toString());
    return out;
  }

  @Override
  public void close() {
    registry.close();
  }
}
