#!/bin/sh
# kafka-console-producer.sh: send lines from stdin to a topic.
# Main class: kafka.tools.ConsoleProducer
# (run through kafka-run-class.sh, which lists the environment it reads)

# follow symlinks to the directory this script really lives in
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self"); link=${link#*-> }
  case $link in /*) self=$link ;; *) self=$(dirname -- "$self")/$link ;; esac
done

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx512M}
export KAFKA_HEAP_OPTS

exec "$(dirname -- "$self")/kafka-run-class.sh" kafka.tools.ConsoleProducer "$@"
