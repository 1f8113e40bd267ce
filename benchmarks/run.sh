#!/usr/bin/env bash
# Runs the JMH benchmarks and records the results with the command and JVM that produced them.
#
#   benchmarks/run.sh smoke [REGEX]   one 200 ms iteration each: proves every benchmark runs (CI)
#   benchmarks/run.sh short [REGEX]   a few seconds per benchmark (CI can afford it); prints ratios, writes nothing
#   benchmarks/run.sh full  [REGEX]   the recorded mode; writes benchmarks/results/<date>-[$RESULT_NAME-]<jdk>.{json,md}
#
# JAVA_HOME selects the JVM (default: the java on PATH). Build first: mvn -B -q package -DskipTests -pl benchmarks -am
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-short}"
regex="${2:-.*}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -B -q package -DskipTests -pl benchmarks -am' first" >&2; exit 2; }

case "$mode" in
  smoke) jmh_opts=(-f 1 -wi 0 -i 1 -r 200ms) ;;
  short) jmh_opts=(-f 1 -wi 1 -w 1s -i 2 -r 1s) ;;
  full)  jmh_opts=(-f 1 -wi 3 -w 2s -i 5 -r 2s) ;;
  *) echo "usage: $0 smoke|short|full [REGEX]" >&2; exit 2 ;;
esac

jdk="$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}')"
json="$(mktemp --suffix=.json)"
cmd=("$java_bin" -jar "$jar" "$regex" "${jmh_opts[@]}" -rf json -rff "$json")
echo "# ${cmd[*]}" >&2
"${cmd[@]}" | tee "$json.txt"

ratios="$("$java_bin" -cp "$jar" io.yikatong.benchmarks.Ratios "$json")"
echo "$ratios"

if [ "$mode" = full ]; then
  stamp="$(date -u +%Y-%m-%d)-${RESULT_NAME:+$RESULT_NAME-}jdk${jdk%%[.+]*}"
  out="benchmarks/results/$stamp"
  cp "$json" "$out.json"
  {
    echo "# JMH results $stamp"
    echo
    echo "command: \`${RESULT_NAME:+RESULT_NAME=$RESULT_NAME }benchmarks/run.sh full '$regex'\` = \`java -jar benchmarks/target/benchmarks.jar '$regex' ${jmh_opts[*]}\`"
    echo "jvm: $("$java_bin" -version 2>&1 | tr '\n' ' ')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
    echo
    echo '```'
    echo "$ratios"
    echo '```'
    echo
    echo '```'
    sed -n '/^Benchmark/,$p' "$json.txt"
    echo '```'
  } > "$out.md"
  echo "wrote $out.json and $out.md" >&2
fi
rm -f "$json" "$json.txt"
