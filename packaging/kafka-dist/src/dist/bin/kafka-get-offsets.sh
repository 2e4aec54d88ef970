#!/bin/sh
# kafka-get-offsets.sh: print partition offsets (earliest, latest or by time).
# Main class: org.apache.kafka.tools.GetOffsetShell
# (run through kafka-run-class.sh, which lists the environment it reads)

# follow symlinks to the directory this script really lives in
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self"); link=${link#*-> }
  case $link in /*) self=$link ;; *) self=$(dirname -- "$self")/$link ;; esac
done

exec "$(dirname -- "$self")/kafka-run-class.sh" org.apache.kafka.tools.GetOffsetShell "$@"
