#!/usr/bin/env bash
# The Steward lab: three Debian 12 hosts (h1..h3) on one machine, each a systemd-nspawn
# container booting a real systemd, in its own network namespace, on a private bridge.
# Follows /work/shared/lab-notes.md ("Recipe that ran end to end") and its pitfalls.
#
#   lab.sh up                 build/reuse the rootfs, start h1..h3, install the agent .deb in each
#                             (TLS on 0.0.0.0:7443) and enroll it with a one-time token (mutual TLS)
#   lab.sh status             one line per host; exit 0 only when all three are up
#   lab.sh inventory          write the real-hosts inventory for h1..h3 (TLS, ufw, sysctl) and print its path
#   lab.sh agents             install and enroll the agents on hosts that run without them
#                             (after STEWARD_LAB_NO_AGENT=1 lab.sh up: a cluster built by hand first)
#   lab.sh push HOST SRC DEST copy a file of this machine to DEST inside HOST
#   lab.sh exec HOST CMD...   run CMD inside HOST as a transient systemd unit (exit code passed on)
#   lab.sh cut HOST           partition HOST from the bridge (the host cannot undo it)
#   lab.sh heal HOST          reconnect it
#   lab.sh down               remove everything `up` created, even after a failed `up`
#   lab.sh rootfs             only build (or find) the cached rootfs
#
# Layout: hosts 10.77.0.11-13 (h1..h3), the machine itself (the harness) 10.77.0.1. Traffic
# stays on 10.77.0.0/24. Run as root. Environment:
#   STEWARD_LAB_DIR    working dir (default /tmp/steward-lab): overlays, pid files, logs
#   STEWARD_LAB_CACHE  rootfs cache (default /var/cache/steward-lab): the tar.zst and its unpacked
#                      copy (the hosts' read-only lower layer), kept across runs
#   STEWARD_LAB_DEB    the agent .deb (default: packaging/target/steward-agent_*_all.deb)
#   STEWARD_LAB_STEWARD  the coordinator that enrolls the agents (default: packaging/target/steward/bin/steward)
#   STEWARD_LAB_NO_AGENT=1  boot the hosts without installing the agent (`agents` installs it later)
set -euo pipefail

LAB_DIR=${STEWARD_LAB_DIR:-/tmp/steward-lab}
CACHE_DIR=${STEWARD_LAB_CACHE:-/var/cache/steward-lab}
HERE=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
REPO=$(cd -P -- "$HERE/.." && pwd -P)

HOSTS=(h1 h2 h3)
SUBNET=10.77.0
HARNESS_ADDR=$SUBNET.1
AGENT_PORT=7443
# Prefixed names: nothing else on the machine should ever collide with the lab's.
NS_PREFIX=stwlab-
SWITCH_NS=${NS_PREFIX}sw
UPLINK=stwlab0
CGROUP_NAME=steward-lab
JDK17=/usr/lib/jvm/java-17-openjdk-amd64

SUITE=bookworm
PACKAGES=systemd,systemd-sysv,dbus,iproute2,ufw,iptables,nftables,procps,netcat-openbsd
# Bump when the way the rootfs is made changes, so an old cache is not reused.
RECIPE=1

# The vm.* and net.core.* keys Steward's sysctl resource manages. They are machine-wide
# (vm) or read-only in a child namespace (net.core): each host gets fake copies (pitfall 6).
FAKE_VM_KEYS=(swappiness dirty_ratio dirty_background_ratio max_map_count)

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_root() { [ "$(id -u)" = 0 ] || die "the lab needs root (network namespaces, mounts, nspawn)"; }

host_index() {
  case $1 in h1) echo 1 ;; h2) echo 2 ;; h3) echo 3 ;; *) die "unknown host '$1' (h1, h2 or h3)" ;; esac
}
host_dir() { echo "$LAB_DIR/hosts/$1"; }
host_ns() { echo "${NS_PREFIX}$1"; }

# ------------------------------------------------------------------ tools and rootfs

ensure_tools() {
  local missing=()
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v nft >/dev/null || missing+=(nftables)
  command -v ufw >/dev/null || missing+=(ufw)
  command -v zstd >/dev/null || missing+=(zstd)
  command -v ip >/dev/null || missing+=(iproute2)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    # ufw is installed only for its outputs' sake; it is never run in this (the machine's) namespace
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
  [ -x "$JDK17/bin/java" ] || die "no JDK 17 at $JDK17: the hosts run the machine's JDK (bind-mounted)"
}

# The machine's own Debian mirror (deb822 sources first, then a classic sources.list).
mirror() {
  local url=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    url=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$url" ] && [ -f /etc/apt/sources.list ]; then
    url=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)
  fi
  [ -n "$url" ] || die "cannot find the machine's Debian mirror in /etc/apt/sources.list.d/debian.sources"
  echo "$url"
}

rootfs_cache_file() {
  local key
  key=$(printf '%s\n' "$RECIPE" "$SUITE" "$PACKAGES" "$(mirror)" "$(dpkg --print-architecture)" | sha256sum | cut -c1-16)
  echo "$CACHE_DIR/rootfs-$key.tar.zst"
}

ensure_rootfs_cache() {
  local cache build started
  cache=$(rootfs_cache_file)
  if [ -f "$cache" ]; then
    echo "$cache"
    return
  fi
  mkdir -p "$CACHE_DIR"
  build=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  started=$(date +%s)
  log "building the rootfs with debootstrap ($SUITE from $(mirror)); this takes a minute or two"
  if ! debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$build" "$(mirror)" >"$CACHE_DIR/debootstrap.log" 2>&1; then
    rm -rf --one-file-system "$build"
    die "debootstrap failed: see $CACHE_DIR/debootstrap.log"
  fi
  # Nothing in the image may name the machine it was built on.
  echo vm >"$build/etc/hostname"
  rm -f "$build/etc/machine-id" && touch "$build/etc/machine-id"
  rm -rf "$build"/var/cache/apt/archives/*.deb "$build"/var/lib/apt/lists/*_Packages
  tar -C "$build" --numeric-owner --xattrs -cf - . | zstd -T0 -q -o "$cache.tmp"
  mv "$cache.tmp" "$cache"
  rm -rf --one-file-system "$build"
  log "rootfs cached as $cache ($(du -h "$cache" | cut -f1)) in $(( $(date +%s) - started )) s"
  echo "$cache"
}

# The unpacked rootfs all hosts share as their overlay's lower layer. It is kept beside the
# tar.zst: overlayfs never writes to a lower layer, and unpacking costs 1-9 s (load dependent).
LOWER=""
ensure_rootfs() {
  local cache started
  cache=$(ensure_rootfs_cache)
  LOWER=${cache%.tar.zst}
  if [ -f "$LOWER.complete" ]; then
    return
  fi
  started=$(date +%s.%N)
  rm -rf --one-file-system "$LOWER"
  mkdir -p "$LOWER"
  zstd -dc "$cache" | tar -C "$LOWER" --numeric-owner --xattrs -xf -
  touch "$LOWER.complete"
  log "rootfs unpacked to $LOWER in $(elapsed "$started") s"
}

# ------------------------------------------------------------------ network

net_up() {
  ip netns add "$SWITCH_NS"
  ip -n "$SWITCH_NS" link add br0 type bridge
  ip -n "$SWITCH_NS" link set br0 up
  ip -n "$SWITCH_NS" link set lo up
  # The bridge lives in its own namespace: the machine's bridge netfilter would filter it otherwise (pitfall 7).
  ip link add "$UPLINK" type veth peer name uplink netns "$SWITCH_NS"
  ip -n "$SWITCH_NS" link set uplink master br0 up
  ip addr add "$HARNESS_ADDR/24" dev "$UPLINK"
  ip link set "$UPLINK" up
  local h n ns
  for h in "${HOSTS[@]}"; do
    n=$(host_index "$h"); ns=$(host_ns "$h")
    ip netns add "$ns"
    ip -n "$SWITCH_NS" link add "p$n" type veth peer name eth0 netns "$ns"
    ip -n "$SWITCH_NS" link set "p$n" master br0 up
    ip -n "$ns" addr add "$SUBNET.1$n/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
  done
}

# ------------------------------------------------------------------ hosts

# The pid of the host's systemd (PID 1 inside), or nothing.
leader_pid() {
  local pidfile nspawn
  pidfile=$(host_dir "$1")/nspawn.pid
  [ -f "$pidfile" ] || return 0
  nspawn=$(cat "$pidfile")
  [ -d "/proc/$nspawn" ] || return 0
  cat "/proc/$nspawn/task/$nspawn/children" 2>/dev/null | awk '{ print $1 }'
}

prepare_host() {
  local h=$1 n H M
  n=$(host_index "$h"); H=$(host_dir "$h"); M=$H/merged
  mkdir -p "$H/upper" "$H/work" "$M"
  mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$H/upper,workdir=$H/work" "$M"
  echo "$h" >"$M/etc/hostname"
  # JVMs stall on reverse DNS without these (pitfall 3).
  printf '127.0.0.1 localhost\n127.0.1.1 %s\n%s.1 harness\n%s.11 h1\n%s.12 h2\n%s.13 h3\n' \
    "$h" "$SUBNET" "$SUBNET" "$SUBNET" "$SUBNET" >"$M/etc/hosts"
  # Fake, writable copies of the machine-wide sysctl keys, bind-mounted over /proc/sys (pitfall 6).
  mkdir -p "$M/etc/fakevm" "$M/etc/fakenetcore"
  local k
  for k in "${FAKE_VM_KEYS[@]}"; do cat "/proc/sys/vm/$k" >"$M/etc/fakevm/$k"; done
  for k in /proc/sys/net/core/*; do
    [ -r "$k" ] && cat "$k" >"$M/etc/fakenetcore/$(basename "$k")" 2>/dev/null || true
  done
}

start_host() {
  local h=$1 H M ns c
  H=$(host_dir "$h"); M=$H/merged; ns=$(host_ns "$h")
  # Each launcher gets its own cgroup in both hierarchies, or the hosts' systemd collide (pitfall 1).
  for c in unified systemd; do mkdir -p "/sys/fs/cgroup/$c/$CGROUP_NAME/$h"; done
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=network setsid sh -c "
    echo \$\$ > '$H/nspawn.pid'
    echo \$\$ > /sys/fs/cgroup/unified/$CGROUP_NAME/$h/cgroup.procs
    echo \$\$ > /sys/fs/cgroup/systemd/$CGROUP_NAME/$h/cgroup.procs
    exec systemd-nspawn -D '$M' --boot --register=no --keep-unit --settings=no -q --machine=$h \
      --network-namespace-path=/run/netns/$ns --capability=CAP_NET_ADMIN \
      --bind-ro=/usr/lib/jvm --bind-ro=/etc/java-17-openjdk \
      --bind=/etc/fakevm:/proc/sys/vm --bind=/etc/fakenetcore:/proc/sys/net/core --console=pipe" \
    </dev/null >"$H/nspawn.log" 2>&1 &
}

wait_running() {
  local h=$1 deadline state cp
  deadline=$(( $(date +%s) + 90 ))
  while :; do
    cp=$(leader_pid "$h")
    if [ -n "$cp" ]; then
      state=$(nsenter -t "$cp" -a systemctl is-system-running 2>/dev/null || true)
      case $state in
        running) return 0 ;;
        degraded)
          log "$h is degraded; failed units:"
          nsenter -t "$cp" -a systemctl --failed --no-legend --plain >&2 || true
          return 0 ;;
      esac
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$h did not reach 'running' (state '${state:-no container}'); its console:"
      tail -n 30 "$(host_dir "$h")/nspawn.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# Runs a command inside a host as a transient unit: it gets the host's real capabilities,
# which `nsenter -a` alone would not show (pitfall 2).
host_exec() {
  local h=$1; shift
  local cp
  cp=$(leader_pid "$h")
  [ -n "$cp" ] || die "$h is not running (lab.sh up first)"
  # systemd expands $VAR in a unit's command line when it runs it: "$$" keeps a "$" literal.
  # --collect: a command that fails must not stay behind as a failed unit (the host would be "degraded").
  local args=() a
  for a in "$@"; do args+=("${a//\$/\$\$}"); done
  nsenter -t "$cp" -a systemd-run --wait --pipe --collect -q --service-type=exec -- "${args[@]}"
}

agent_deb() {
  if [ -n "${STEWARD_LAB_DEB:-}" ]; then
    echo "$STEWARD_LAB_DEB"
    return
  fi
  local newest
  newest=$(ls -t "$REPO"/packaging/target/steward-agent_*_all.deb 2>/dev/null | head -n 1 || true)
  [ -n "$newest" ] || die "no agent package in $REPO/packaging/target: run ./mvnw -B -q -pl packaging -am package -DskipTests"
  echo "$newest"
}

install_agent() {
  local h=$1 deb=$2 M
  M=$(host_dir "$h")/merged
  cp "$deb" "$M/var/tmp/steward-agent.deb"
  mkdir -p "$M/etc/steward" "$M/etc/default"
  # The one-time token `steward ca token` made for this host (copied in, as an operator would scp it).
  install -m 0600 "$(token_file "$h")" "$M/etc/steward/enroll-token"
  # Preseeded before dpkg (kept with --force-confold), so the service's first start already uses it:
  # TLS on every address, pending (enrollment only) until `steward enroll` installs its certificate.
  cat >"$M/etc/steward/agent.yaml" <<EOF
# steward-agent in the lab host $h (written by systemtest/lab.sh)
listen: 0.0.0.0:$AGENT_PORT
enrollTokenFile: /etc/steward/enroll-token
javaHome: $JDK17
EOF
  # The launcher would pick the newest JDK under /usr/lib/jvm; the lab pins 17.
  echo "JAVA_HOME=$JDK17" >"$M/etc/default/steward-agent"
  host_exec "$h" dpkg --force-confold -i /var/tmp/steward-agent.deb >"$(host_dir "$h")/dpkg.log" 2>&1 \
    || { cat "$(host_dir "$h")/dpkg.log" >&2; die "dpkg -i of the agent failed on $h"; }
}

wait_agent() {
  local h=$1 deadline
  deadline=$(( $(date +%s) + 60 ))
  until host_exec "$h" systemctl is-active -q steward-agent.service \
      && host_exec "$h" sh -c "ss -Hltn 'sport = :$AGENT_PORT' | grep -q ."; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      host_exec "$h" journalctl -u steward-agent.service --no-pager -n 40 >&2 || true
      die "steward-agent.service is not active and listening on $h"
    fi
    sleep 0.5
  done
}

# ------------------------------------------------------------------ TLS enrollment

steward_bin() {
  local bin=${STEWARD_LAB_STEWARD:-$REPO/packaging/target/steward/bin/steward}
  [ -x "$bin" ] || die "no Steward coordinator at $bin: run ./mvnw -B -q -DskipTests package"
  echo "$bin"
}

pki_dir() { echo "$LAB_DIR/pki"; }
token_file() { echo "$LAB_DIR/tokens/$1.token"; }

# The cluster CA (in the lab dir: a new lab is a new cluster) and one one-time token per host,
# bound to that host. Only the tokens' SHA-256 stay in the PKI; the tokens go to the hosts.
make_tokens() {
  local steward inventory h
  steward=$(steward_bin); inventory=$(cmd_inventory)
  "$steward" ca init -i "$inventory" --exist-ok >/dev/null || die "steward ca init failed"
  mkdir -p -m 0700 "$LAB_DIR/tokens"
  for h in "${HOSTS[@]}"; do
    (umask 077; "$steward" ca token -i "$inventory" --host "$h" --ttl 1h >"$(token_file "$h")") \
      || die "steward ca token --host $h failed"
  done
}

# steward enroll per host (all three at once), from this machine over the lab network: exit 1
# means the agent does not answer yet (retried), anything else is final. Then the tokens are gone
# from both sides (an enrolled agent no longer needs its token file).
enroll_agent() {
  local h=$1 inventory=$2 steward rc deadline out
  steward=$(steward_bin)
  deadline=$(( $(date +%s) + 90 ))
  while :; do
    rc=0
    out=$("$steward" enroll -i "$inventory" "$h" --token-file "$(token_file "$h")" 2>&1) || rc=$?
    [ $rc = 0 ] && break
    if [ $rc != 1 ] || [ "$(date +%s)" -ge "$deadline" ]; then
      printf '%s\n' "$out" >&2
      host_exec "$h" journalctl -u steward-agent.service --no-pager -n 40 >&2 || true
      die "steward enroll $h failed (exit $rc)"
    fi
    sleep 1
  done
  log "$out"
  rm -f "$(token_file "$h")"
  host_exec "$h" rm -f /etc/steward/enroll-token
}

enroll_agents() {
  local h inventory pids=()
  inventory=$(cmd_inventory)
  for h in "${HOSTS[@]}"; do enroll_agent "$h" "$inventory" & pids+=($!); done
  wait_all_or_die "steward enroll" "${pids[@]}"
  rmdir "$LAB_DIR/tokens" 2>/dev/null || true
}

# ------------------------------------------------------------------ commands

all_up() {
  local h cp
  for h in "${HOSTS[@]}"; do
    cp=$(leader_pid "$h")
    [ -n "$cp" ] || return 1
    case $(nsenter -t "$cp" -a systemctl is-system-running 2>/dev/null || true) in
      running|degraded) ;;
      *) return 1 ;;
    esac
  done
}

cmd_up() {
  require_root
  if all_up; then
    log "the lab is already up"
    return 0
  fi
  # Anything half there (a failed up, a crashed host) is removed first: up always starts clean.
  cmd_down quiet
  local started deb=""
  started=$(date +%s.%N)
  ensure_tools
  if [ "${STEWARD_LAB_NO_AGENT:-}" != 1 ]; then
    deb=$(agent_deb)
    dpkg-deb -I "$deb" >/dev/null || die "$deb is not a Debian package"
  fi
  ensure_rootfs
  net_up
  local h
  for h in "${HOSTS[@]}"; do prepare_host "$h"; done
  for h in "${HOSTS[@]}"; do start_host "$h"; done
  for h in "${HOSTS[@]}"; do wait_running "$h" || die "$h did not boot"; done
  log "hosts running after $(elapsed "$started") s"
  if [ -n "$deb" ]; then
    install_agents "$deb" "$started"
  fi
}

# The agent .deb into every host, then each enrolled: up does it at boot; `agents` does it on hosts
# that already run (a cluster built by hand first, as an operator who adopts it would).
install_agents() {
  local deb=$1 started=$2 h pids=()
  make_tokens
  for h in "${HOSTS[@]}"; do install_agent "$h" "$deb" & pids+=($!); done
  wait_all_or_die "agent install" "${pids[@]}"
  for h in "${HOSTS[@]}"; do wait_agent "$h"; done
  log "steward-agent active on ${HOSTS[*]} after $(elapsed "$started") s ($(basename "$deb"))"
  enroll_agents
  log "agents enrolled (mutual TLS on $SUBNET.11-13:$AGENT_PORT) after $(elapsed "$started") s"
}

cmd_agents() {
  require_root
  all_up || die "the lab is not up (lab.sh up first)"
  local deb h
  deb=$(agent_deb)
  dpkg-deb -I "$deb" >/dev/null || die "$deb is not a Debian package"
  for h in "${HOSTS[@]}"; do
    ! host_exec "$h" test -e /usr/share/steward-agent || die "$h has an agent already"
  done
  install_agents "$deb" "$(date +%s.%N)"
}

# Copies a file of this machine into a host (as an operator would scp it), owned by root, mode 0644.
cmd_push() {
  local h=$1 src=$2 dest=$3
  require_root
  [ -f "$src" ] || die "$src is not a file"
  case $dest in /*) ;; *) die "the destination must be an absolute path in the host" ;; esac
  [ -n "$(leader_pid "$h")" ] || die "$h is not running (lab.sh up first)"
  install -D -m 0644 "$src" "$(host_dir "$h")/merged$dest"
}

# Waits for the given pids only: the shell's other jobs are the hosts' nspawn processes.
wait_all_or_die() {
  local what=$1 failed=0 pid
  shift
  for pid in "$@"; do wait "$pid" || failed=1; done
  [ $failed = 0 ] || die "$what failed on at least one host"
}

elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

cmd_down() {
  local quiet=${1:-}
  require_root
  local started h pid deadline
  started=$(date +%s.%N)
  # Stop the hosts: only the nspawn processes this lab started, by their pid files.
  for h in "${HOSTS[@]}"; do
    pid=$(cat "$(host_dir "$h")/nspawn.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q systemd-nspawn "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for h in "${HOSTS[@]}"; do
    pid=$(cat "$(host_dir "$h")/nspawn.pid" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    deadline=$(( $(date +%s) + 20 ))
    while [ -d "/proc/$pid" ] && grep -q systemd-nspawn "/proc/$pid/cmdline" 2>/dev/null; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        log "$h (nspawn pid $pid) did not shut down in 20 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
        break
      fi
      sleep 0.1
    done
  done
  kill_leftovers
  # Mounts below the lab dir, deepest first (the overlays, and anything a host left behind).
  if [ -d "$LAB_DIR" ]; then
    local real m
    real=$(cd -P -- "$LAB_DIR" && pwd -P)
    awk -v d="$real/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" || true
    done
  fi
  for h in "${HOSTS[@]}"; do rm -rf "/run/systemd/nspawn/propagate/$h"; done
  # The lab's cgroups, deepest first (the hosts' systemd made sub-groups in them).
  local c
  for c in unified systemd; do
    [ -d "/sys/fs/cgroup/$c/$CGROUP_NAME" ] && find "/sys/fs/cgroup/$c/$CGROUP_NAME" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  for h in "${HOSTS[@]}"; do ip netns del "$(host_ns "$h")" 2>/dev/null || true; done
  ip netns del "$SWITCH_NS" 2>/dev/null || true
  ip link del "$UPLINK" 2>/dev/null || true
  # the cache dir (rootfs tar.zst and its unpacked copy) stays: it is reused by the next up;
  # the CA goes with the hosts that trust it
  rm -rf --one-file-system "$LAB_DIR/hosts" "$LAB_DIR/inventory.yaml" "$LAB_DIR"/inventory.yaml.tmp.* "$LAB_DIR/pki" "$LAB_DIR/tokens"
  rmdir "$LAB_DIR" 2>/dev/null || true
  local left=""
  for c in unified systemd; do [ -d "/sys/fs/cgroup/$c/$CGROUP_NAME" ] && left="$left cgroup:$c"; done
  ip netns list 2>/dev/null | grep -q "^$NS_PREFIX" && left="$left netns"
  ip link show "$UPLINK" >/dev/null 2>&1 && left="$left link:$UPLINK"
  if [ -n "$left" ]; then
    die "down left behind:$left"
  fi
  [ "$quiet" = quiet ] || log "down in $(elapsed "$started") s"
}

# Processes still in the lab's cgroups: a host whose nspawn died without shutting it down
# (killed, crashed) leaves its systemd and services running. Only the lab's own hosts live
# in these cgroups, so this ends exactly what the lab started.
cgroup_pids() {
  local c
  for c in unified systemd; do
    [ -d "/sys/fs/cgroup/$c/$CGROUP_NAME" ] || continue
    find "/sys/fs/cgroup/$c/$CGROUP_NAME" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

kill_leftovers() {
  local pids deadline
  pids=$(cgroup_pids)
  [ -n "$pids" ] || return 0
  log "ending what stopped hosts left running: pids $(echo $pids)"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  deadline=$(( $(date +%s) + 10 ))
  while [ -n "$(cgroup_pids)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
}

cmd_status() {
  local h cp state link agent ok=0
  for h in "${HOSTS[@]}"; do
    cp=$(leader_pid "$h")
    if [ -z "$cp" ]; then
      printf '%s\tdown\n' "$h"
      ok=1
      continue
    fi
    state=$(nsenter -t "$cp" -a systemctl is-system-running 2>/dev/null || true)
    agent=$(nsenter -t "$cp" -a systemctl is-active steward-agent.service 2>/dev/null || true)
    link=$(ip -n "$SWITCH_NS" -br link show "p$(host_index "$h")" 2>/dev/null | awk '{ print $2 }')
    printf '%s\t%s.1%s\tsystem=%s\tagent=%s\tlink=%s\tpid=%s\n' "$h" "$SUBNET" "$(host_index "$h")" "$state" \
      "$agent" "$link" "$cp"
    case $state in running|degraded) ;; *) ok=1 ;; esac
  done
  return $ok
}

cmd_inventory() {
  mkdir -p "$LAB_DIR"
  local inventory=$LAB_DIR/inventory.yaml
  # written aside and renamed: a steward reading the inventory never sees half a file
  local tmp=$inventory.tmp.$BASHPID
  cat >"$tmp" <<EOF
# The Steward lab: three nspawn hosts on 10.77.0.0/24 (systemtest/lab.sh), managed from this
# machine (the harness, $HARNESS_ADDR) as real hosts: mutual TLS, sysctl, ufw.
cluster: lab
kafka:
  version: 3.9.1
  # three brokers and three ZooKeeper nodes share this machine's memory
  heap: 512m
  clientNetworks: [$SUBNET.0/24]
zookeeper:
  heap: 256m
install:
  # the hosts have no apt mirror: they run this machine's JDK 17 (bind-mounted under /usr/lib/jvm)
  javaPackage: ""
sysctl:
  # the guide's values; in the lab they land in each host's fake /proc/sys/{vm,net/core} (lab.sh),
  # never in this machine's kernel
  enabled: true
firewall:
  enabled: true
  enableUfw: true
  coordinatorAddresses: [$HARNESS_ADDR]
preflight:
  # the hosts share the machine's memory and disk
  minMemory: 1GiB
  minFreeDisk: 1GiB
agent:
  port: $AGENT_PORT
  tls: true
  # the lab's own CA (lab.sh up creates it and enrolls every agent with a one-time token)
  pki: $(pki_dir)
connect:
  # Kafka Connect workers on two of the three hosts (one group): the REST port opens to each other only
  hosts: [h1, h2]
  heap: 256m
rollout:
  # 2 cores for three brokers, three ZooKeeper nodes and the agents: a broker takes 10-30 s to be
  # back in sync. Long enough for that, short enough that a stuck gate fails a test in minutes.
  zookeeperReadyTimeout: 2m
  brokerReadyTimeout: 3m
  availabilityTimeout: 3m
  serviceStopTimeout: 2m
hosts:
  - {name: h1, address: $SUBNET.11, zookeeperId: 1, brokerId: 1}
  - {name: h2, address: $SUBNET.12, zookeeperId: 2, brokerId: 2}
  - {name: h3, address: $SUBNET.13, zookeeperId: 3, brokerId: 3}
EOF
  mv "$tmp" "$inventory"
  echo "$inventory"
}

cmd_link() {
  local h=$1 state=$2
  require_root
  ip -n "$SWITCH_NS" link set "p$(host_index "$h")" "$state"
}

usage() {
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1; shift
  case $cmd in
    up) cmd_up ;;
    agents) cmd_agents ;;
    push) [ $# -eq 3 ] || usage; host_index "$1" >/dev/null; cmd_push "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    inventory) cmd_inventory ;;
    rootfs) require_root; ensure_tools; ensure_rootfs_cache ;;
    exec) [ $# -ge 2 ] || usage; host_index "$1" >/dev/null; require_root; host_exec "$@" ;;
    cut) [ $# -eq 1 ] || usage; cmd_link "$1" down ;;
    heal) [ $# -eq 1 ] || usage; cmd_link "$1" up ;;
    *) usage ;;
  esac
}

main "$@"
