#!/bin/sh
# zookeeper-shell.sh: a ZooKeeper command line client.
# usage: zookeeper-shell.sh HOST:PORT[/chroot] [-zk-tls-config-file FILE] [COMMAND...]
# Main class: org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka
# (run through kafka-run-class.sh, which lists the environment it reads)

# follow symlinks to the directory this script really lives in
self=$0
while [ -h "$self" ]; do
  link=$(ls -ld -- "$self"); link=${link#*-> }
  case $link in /*) self=$link ;; *) self=$(dirname -- "$self")/$link ;; esac
done

exec "$(dirname -- "$self")/kafka-run-class.sh" org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka -server "$@"
