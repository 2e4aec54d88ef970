#!/bin/sh
# zookeeper-server-stop.sh: asks every ZooKeeper server on this host to stop (SIGTERM: a clean shutdown), as the
# ExecStop of a unit that started it with `zookeeper-server-start.sh -daemon` (the guide's units).
# usage: zookeeper-server-stop.sh [CONFIG_FILE]
# Signals the java processes whose main class is org.apache.zookeeper.server.quorum.QuorumPeerMain; with CONFIG_FILE only
# those started with that file. Exits 1 when there is none.
# Steward never uses it: systemd or the agent's supervisor stops the JVM it started.

config=${1:-}
# a java process with the main class, and the config file when given, as whole words of its command line
pids=$(ps -eo pid=,args= | awk -v cls='org.apache.zookeeper.server.quorum.QuorumPeerMain' -v config="$config" '
  $2 ~ /(^|\/)java$/ {
    main = 0; named = (config == "")
    for (i = 3; i <= NF; i++) { if ($i == cls) main = 1; else if (main && $i == config) named = 1 }
    if (main && named) print $1
  }')
if [ -z "$pids" ]; then
  echo "no ZooKeeper server to stop" >&2
  exit 1
fi
# shellcheck disable=SC2086
exec kill -s TERM $pids
