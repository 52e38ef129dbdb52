package io.beacon.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
                    .contains("\"rounds\":10", "\"samples\":10", "\"timedOutRounds\":0"));
    assertThat(lines)
        .filteredOn(line -> line.contains("\"scenario\":\"change-storm\""))
        .allSatisfy(line -> assertThat(line).contains("\"allCurrent\":true"));
  }

  @Test
  void memoryNeedsServersInProcessesOfTheirOwn() {
    Map<String, Object> line =
        BenchmarkMain.runOne(target, new MemoryScenario(), LoadClient.Kind.SDK, Scale.TINY);

    assertThat(line.get("results").toString()).contains("share this JVM");
  }
}
