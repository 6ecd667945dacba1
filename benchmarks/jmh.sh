#!/usr/bin/env bash
# Runs netconn's JMH benchmarks (benchmarks/target/benchmarks.jar), building the jar first
# when it is missing. Arguments go to JMH: a benchmark regex and options, e.g.
#
#   benchmarks/jmh.sh                                  # everything (~10 min on 2 cores)
#   benchmarks/jmh.sh DecodeBenchmark -prof gc         # decoding, with bytes per entry
#   benchmarks/jmh.sh CallBenchmark -p server=samba    # cold and warm calls on Samba only
#   benchmarks/jmh.sh -l                               # list them
#
# The benchmarks that talk to servers start the testkit's containers themselves (Docker and
# the image must be there: scripts/docker-up.sh, testkit/servers/build-image.sh), so
# Testcontainers' settings, which it reads from the environment only, are exported here.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -f "$jar" ]; then
  echo "jmh.sh: $jar is missing; building it (mvn -pl benchmarks -am package -DskipTests)" >&2
  (cd "$here/.." && mvn -B -q -ntp -pl benchmarks -am package -DskipTests) >&2
fi

export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
exec "$java" -jar "$jar" "$@"
