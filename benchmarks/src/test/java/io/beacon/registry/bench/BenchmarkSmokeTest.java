package io.beacon.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the registration, calm push latency and change storm scenarios at tiny scale with both
 * clients against an in-process Beacon, and checks that each produced one complete JSON line. The
 * numbers themselves are not judged here: full runs are manual (benchmarks/run.sh).
 */
class BenchmarkSmokeTest {

  private static InProcessTarget target;

  @BeforeAll
  static void startRegistry() {
    target = new InProcessTarget();
  }

  @AfterAll
  static void stopRegistry() {
    target.close();
  }

  @Test
  void everyScenarioPrintsOneCompleteJsonLinePerClient() {
    List<String> lines = new ArrayList<>();
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            "--scenario=registration,push-latency,change-storm", "--client=all", "--scale=tiny");

    BenchmarkMain.run(target, options, lines::add);

    assertThat(lines).hasSize(6);
    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\"error\""));
    assertThat(lines)
        .filteredOn(line -> line.contains("\"scenario\":\"registration\""))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"acknowledged\":200", "\"complete\":true"));
    assertThat(lines)
        .filteredOn(line -> line.contains("\"scenario\":\"push-latency\""))
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"rounds\":10",
                        "\"samples\":10",
                        "\"timedOutRounds\":0",
                        "\"sessionPushStages\":{\"127.0.0.1:",
                        "\"changeToAcked\""));
    assertThat(lines)
        .filteredOn(line -> line.contains("\"scenario\":\"change-storm\""))
        .allSatisfy(line -> assertThat(line).contains("\"allCurrent\":true"));
  }

  @Test
  void memoryNeedsServersInProcessesOfTheirOwn() {
    Map<String, Object> line =
        BenchmarkMain.runOne(target, new MemoryScenario(), LoadClient.Kind.SDK, Scale.TINY, null);

    assertThat(line.get("results").toString()).contains("share this JVM");
  }

  @Test
  void aProfiledRunSummarizesTheRecordingOfEveryProcess(@TempDir Path dir) {
    Map<String, Object> line =
        BenchmarkMain.runOne(
            target, new RegistrationScenario(), LoadClient.Kind.SDK, Scale.TINY, dir);

    assertThat(line).doesNotContainKey("error");
    // The in-process registry has no server process of its own: only this JVM is recorded.
    @SuppressWarnings("unchecked")
    Map<String, Object> profile = (Map<String, Object>) line.get("profile");
    assertThat(profile).containsOnlyKeys("load-generator");
    @SuppressWarnings("unchecked")
    Map<String, Object> self = (Map<String, Object>) profile.get("load-generator");
    assertThat((Long) self.get("samples")).isPositive();
    assertThat((Long) self.get("cpuMs")).isPositive();
    assertThat((Map<?, ?>) self.get("nearestOwnCodePercent")).isNotEmpty();
    assertThat(Path.of((String) self.get("file"))).exists();
  }

  @Test
  void aClosedOfficialClientForgetsItsRegistrationsSoNothingKeepsCheckingThem() {
    OfficialLoadClient client = new OfficialLoadClient(target.sessionAddresses().get(0));
    String dataId = "bench.smoke.close." + System.nanoTime();
    client.publish(dataId, "v");
    client.subscribe(dataId, values -> {});
    assertThat(client.registrationsHeld()).isEqualTo(2);

    client.close();

    assertThat(client.registrationsHeld()).isZero();
  }

  @Test
  void aClassHistogramIsReadPerClassAndSummed() {
    String histogram =
        """
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:          1000          64000  [B (java.base@17.0.15)
           2:           500          12000  java.lang.String (java.base@17.0.15)
           3:            10            480  io.example.Thing
           4:             2             96  io.example.Thing
        Total          1512          76576
        """;

    assertThat(ProcessMemory.bytesByClass(histogram))
        .containsOnly(
            Map.entry("[B", 64000L),
            Map.entry("java.lang.String", 12000L),
            Map.entry("io.example.Thing", 576L));
    assertThat(ProcessMemory.totalBytes(1, histogram)).isEqualTo(76576L);
  }
}
