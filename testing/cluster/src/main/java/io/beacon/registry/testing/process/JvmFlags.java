package io.beacon.registry.testing.process;

import java.util.List;

/**
 * JVM flags every Java process the tests and benchmarks start needs: Bolt and sofa-hessian reflect
 * into JDK internals. One list for Beacon's server processes, the published SOFARegistry server and
 * the benchmarks' standalone registry.
 */
public final class JvmFlags {

  /** A copy of the parent pom's {@code beacon.addOpens}. */
  public static final List<String> ADD_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private JvmFlags() {}
}
