#!/bin/sh
# kafka-server-start.sh: runs a Kafka broker (ZooKeeper mode).
# usage: kafka-server-start.sh [-daemon] CONFIG_FILE [--override KEY=VALUE ...]
# Runs kafka.Kafka in the foreground through
# kafka-run-class.sh, logging through config/log4j.properties unless KAFKA_LOG4J_OPTS
# says otherwise. Default heap: -Xmx1G -Xms1G.
# With -daemon first it starts the JVM in the background and returns (console output in
# logs/kafkaServer.out), for units written with Type=forking as in the guide; bin/kafka-server-stop.sh
# stops it. Steward never uses -daemon: it runs the JVM directly under systemd or its own supervisor.

# follow symlinks to the directory this script really lives in
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self"); link=${link#*-> }
  case $link in /*) self=$link ;; *) self=$(dirname -- "$self")/$link ;; esac
done
bin=$(dirname -- "$self")
base=$(cd -P -- "$bin/.." && pwd -P) || exit 1

case ${1:-} in
  '' | -h | --help)
    echo "usage: $0 [-daemon] CONFIG_FILE [--override KEY=VALUE ...]" >&2
    exit 2 ;;
esac
daemon=
if [ "$1" = -daemon ]; then
  daemon=1
  shift
  [ $# -ge 1 ] || { echo "usage: $0 -daemon CONFIG_FILE" >&2; exit 2; }
fi

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}
KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base/config/log4j.properties}
export KAFKA_HEAP_OPTS KAFKA_LOG4J_OPTS

if [ -n "$daemon" ]; then
  exec "$bin/kafka-run-class.sh" -daemon -name kafkaServer kafka.Kafka "$@"
fi
exec "$bin/kafka-run-class.sh" kafka.Kafka "$@"
