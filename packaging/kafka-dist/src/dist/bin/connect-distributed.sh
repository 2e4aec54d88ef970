#!/bin/sh
# connect-distributed.sh: runs a Kafka Connect worker in distributed mode.
# usage: connect-distributed.sh CONFIG_FILE
# Runs org.apache.kafka.connect.cli.ConnectDistributed in the foreground through
# kafka-run-class.sh, logging through config/connect-log4j.properties unless KAFKA_LOG4J_OPTS
# says otherwise. Default heap: -Xms256M -Xmx2G.
# There is no -daemon mode and there are no *-stop.sh scripts: Steward starts the JVM
# directly under systemd or its own supervisor, and stops it through them.

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
    echo "usage: $0 CONFIG_FILE" >&2
    exit 2 ;;
  -daemon)
    echo "$0: -daemon is not supported; run it in the foreground under a supervisor" >&2
    exit 2 ;;
esac

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256M -Xmx2G}
KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base/config/connect-log4j.properties}
export KAFKA_HEAP_OPTS KAFKA_LOG4J_OPTS

exec "$bin/kafka-run-class.sh" org.apache.kafka.connect.cli.ConnectDistributed "$@"
