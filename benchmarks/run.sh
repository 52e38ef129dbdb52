#!/usr/bin/env bash
# Runs the whole comparison on this machine, one registry at a time:
#   Beacon standalone, Beacon 1 meta + 2 data + 2 session processes, SOFARegistry 6.3.0 all-in-one
#   with its default push timers, and with its debounce timers turned down (FAST_PUSH).
# Writes one JSON line per scenario run to benchmarks/results/<date>.jsonl and prints them.
#
#   benchmarks/run.sh [BenchmarkMain options...]     e.g. --scale=small --target=standalone
#
# Defaults: --scale=full --target=all --scenario=all --client=all. Needs JDK 17+, Maven 3.8+,
# and the reference's fixed ports 9600-9630 free (nothing else registry-like running).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

log_dir="$here/target/run-logs"
mkdir -p "$log_dir" "$here/results"

echo "building standalone, testing and benchmarks (log: $log_dir/build.log)" >&2
mvn -B -q package -DskipTests -DskipReference -pl standalone,benchmarks -am >"$log_dir/build.log" 2>&1

# The reference server's own classpath, resolved apart from ours (testing/cluster/reference-registry).
reference_cp="$here/target/reference-registry/server.classpath"
if [[ ! -s "$reference_cp" ]]; then
  echo "resolving SOFARegistry 6.3.0 (log: $log_dir/reference.log)" >&2
  mvn -B -q -f testing/cluster/reference-registry/pom.xml initialize \
    -Dreference.classpathFile="$reference_cp" >"$log_dir/reference.log" 2>&1
fi

# The load generator's own JVM; each registry's JVM options are recorded in every JSON line
# ("setup") and printed below.
bench_jvm=(-Xms1g -Xmx3g -XX:+UseG1GC
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true -Djava.net.preferIPv4Stack=true
  -Dsofa.middleware.log.disable=true -Dlogback.configurationFile="$here/logback-bench.xml")

out="$here/results/$(date -u +%Y-%m-%dT%H%M%SZ).jsonl"
cat >&2 <<INFO
machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uptime)
java: $(java -version 2>&1 | head -1)
load generator JVM: ${bench_jvm[*]}
standalone JVM: -Xms256m -Xmx1g (+ add-opens), java -jar standalone/target/beacon-standalone.jar
cluster JVMs: ProcessCluster defaults then -Xms256m -Xmx1g -XX:-UseSerialGC -XX:+UseG1GC -XX:TieredStopAtLevel=4
reference JVM: -Xms256m -Xmx1g (+ add-opens), embedded H2 profile (ReferenceLaunch)
results: $out
INFO

cd "$here"
java "${bench_jvm[@]}" \
  -cp "$here/target/classes:$(cat "$here/target/benchmarks.classpath")" \
  io.beacon.registry.bench.BenchmarkMain \
  --scale=full --target=all --scenario=all --client=all \
  --standalone-jar="$root/standalone/target/beacon-standalone.jar" \
  --reference-classpath="$reference_cp" \
  --out="$out" "$@" \
  2> >(tee -a "$log_dir/bench.err" >&2) | grep '^{"scenario"' || true
echo "after the run: $(uptime)" >&2
echo "results: $out" >&2
