#!/bin/sh
# Runs CLASS from this Kafka distribution with every jar in libs/ on the classpath.
# Written for Steward's Kafka distribution (assembled from Maven Central jars).
#
# usage: kafka-run-class.sh [-daemon -name NAME] CLASS [ARG...]
#
# -daemon starts the JVM in the background, its console output in LOG_DIR/NAME.out, and
# returns at once, as Apache's script does for units written with Type=forking (the guide's).
# Steward never uses it: it runs the JVM in the foreground under systemd or its own supervisor.
#
# Environment (all optional):
#   JAVA_HOME                   java is $JAVA_HOME/bin/java, else the first java on PATH
#   KAFKA_HEAP_OPTS             default: -Xmx256M
#   KAFKA_JVM_PERFORMANCE_OPTS  default: G1 with short pauses, headless
#   KAFKA_LOG4J_OPTS            default: -Dlog4j.configuration=file:<dist>/config/tools-log4j.properties
#                               (the server start scripts point it at their own log4j file)
#   LOG_DIR                     kafka.logs.dir for the log4j files; default: <dist>/logs
#   KAFKA_OPTS                  any further JVM options (last, so they win)
#   CLASSPATH                   appended to <dist>/libs/*

daemon_name=
if [ "${1:-}" = -daemon ]; then
  if [ "${2:-}" != -name ] || [ -z "${3:-}" ]; then
    echo "usage: $0 -daemon -name NAME CLASS [ARG...]" >&2
    exit 2
  fi
  daemon_name=$3
  shift 3
fi

if [ $# -lt 1 ]; then
  echo "usage: $0 [-daemon -name NAME] CLASS [ARG...]" >&2
  exit 2
fi

# The distribution is the parent of the directory this script really lives in.
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self")
  link=${link#*-> }
  case $link in
    /*) self=$link ;;
    *) self=$(dirname -- "$self")/$link ;;
  esac
done
base=$(cd -P -- "$(dirname -- "$self")/.." && pwd -P) || exit 1

if [ -n "${JAVA_HOME:-}" ]; then
  java_cmd=$JAVA_HOME/bin/java
else
  java_cmd=java
fi

heap_opts=${KAFKA_HEAP_OPTS:--Xmx256M}
default_perf_opts='-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35'
default_perf_opts="$default_perf_opts -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"
perf_opts=${KAFKA_JVM_PERFORMANCE_OPTS:-$default_perf_opts}
log4j_opts=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base/config/tools-log4j.properties}
log_dir=${LOG_DIR:-$base/logs}

classpath="$base/libs/*"
if [ -n "${CLASSPATH:-}" ]; then
  classpath="$classpath:$CLASSPATH"
fi

class=$1
shift

# The *_OPTS variables hold several options: split them on blanks, but never glob them.
set -f
if [ -n "$daemon_name" ]; then
  mkdir -p -- "$log_dir" || exit 1
  # shellcheck disable=SC2086
  nohup "$java_cmd" $heap_opts $perf_opts "-Dkafka.logs.dir=$log_dir" $log4j_opts ${KAFKA_OPTS:-} \
    -cp "$classpath" "$class" "$@" >"$log_dir/$daemon_name.out" 2>&1 </dev/null &
  exit 0
fi
# shellcheck disable=SC2086
exec "$java_cmd" $heap_opts $perf_opts "-Dkafka.logs.dir=$log_dir" $log4j_opts ${KAFKA_OPTS:-} \
  -cp "$classpath" "$class" "$@"
