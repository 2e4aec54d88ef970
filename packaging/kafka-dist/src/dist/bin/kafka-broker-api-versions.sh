#!/bin/sh
# kafka-broker-api-versions.sh: print the API versions each broker supports.
# Main class: kafka.admin.BrokerApiVersionsCommand
# (run through kafka-run-class.sh, which lists the environment it reads)

# follow symlinks to the directory this script really lives in
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self"); link=${link#*-> }
  case $link in /*) self=$link ;; *) self=$(dirname -- "$self")/$link ;; esac
done

exec "$(dirname -- "$self")/kafka-run-class.sh" kafka.admin.BrokerApiVersionsCommand "$@"
