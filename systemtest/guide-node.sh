#!/bin/sh
# One node of the cluster in kafka-setup-guide.md, built by the guide's own commands (steps 1-6),
# run inside a lab host as root: what an operator types, with `sudo` left out (root already),
# `wget` replaced by a tarball already copied to the host (the lab has no internet), the guide's
# 192.168.1.x addresses replaced by the lab's, and its Java 11 path by the host's JDK 17
# (Kafka 3.9 runs on both). Everything else is verbatim: the kafka user, /opt/kafka as the
# unpacked directory itself (the guide's mv), the properties files, myid written by root with
# tee, and the systemd units with Type=forking, -daemon and Requires=. docs/adoption.md.
#
#   guide-node.sh install NODE_ID ADDRESS1 ADDRESS2 ADDRESS3 TARBALL JAVA_HOME   steps 1-5
#   guide-node.sh start-zookeeper                                             step 6, first half
#   guide-node.sh start-kafka                                                 step 6, second half
set -eu

install_node() {
  node=$1 a1=$2 a2=$3 a3=$4 tarball=$5 java_home=$6
  eval "address=\$a$node"

  # Step 1: Java (the host's JDK stands in for the guide's apt install)
  "$java_home/bin/java" -version

  # Step 2: the kafka user, the distribution in /opt/kafka, the data directories
  useradd -r -s /bin/false kafka
  cd /opt
  cp "$tarball" .
  tar -xzf kafka_2.13-3.9.1.tgz
  mv kafka_2.13-3.9.1 kafka
  chown -R kafka:kafka /opt/kafka
  mkdir -p /var/lib/kafka/logs
  mkdir -p /var/lib/zookeeper
  chown -R kafka:kafka /var/lib/kafka
  chown -R kafka:kafka /var/lib/zookeeper

  # Step 3: zookeeper.properties, identical on all nodes, and this node's myid
  cat > /opt/kafka/config/zookeeper.properties <<PROPERTIES
# ZooKeeper configuration (same on all nodes)
dataDir=/var/lib/zookeeper
clientPort=2181
maxClientCnxns=0
admin.enableServer=false

# ZooKeeper cluster configuration (all nodes listed)
initLimit=10
syncLimit=5
server.1=$a1:2888:3888
server.2=$a2:2888:3888
server.3=$a3:2888:3888
PROPERTIES
  echo "$node" | tee /var/lib/zookeeper/myid

  # Step 4: server.properties, the common block plus this node's three lines
  cat > /opt/kafka/config/server.properties <<PROPERTIES
# Basic Kafka configuration
log.dirs=/var/lib/kafka/logs
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600

# Log configuration
num.partitions=3
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000

# ZooKeeper (same cluster connection for all brokers)
zookeeper.connect=$a1:2181,$a2:2181,$a3:2181
zookeeper.connection.timeout.ms=18000

# Group coordinator configuration
group.initial.rebalance.delay.ms=0

# Performance tuning
replica.fetch.max.bytes=1048576
message.max.bytes=1000012
replica.socket.timeout.ms=30000
replica.socket.receive.buffer.bytes=65536
broker.id=$node
listeners=PLAINTEXT://$address:9092
advertised.listeners=PLAINTEXT://$address:9092
PROPERTIES

  # Step 5: the systemd units
  cat > /etc/systemd/system/zookeeper.service <<UNIT
[Unit]
Description=Apache ZooKeeper
After=network.target

[Service]
Type=forking
User=kafka
Group=kafka
Environment=JAVA_HOME=$java_home
ExecStart=/opt/kafka/bin/zookeeper-server-start.sh -daemon /opt/kafka/config/zookeeper.properties
ExecStop=/opt/kafka/bin/zookeeper-server-stop.sh
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
  cat > /etc/systemd/system/kafka.service <<UNIT
[Unit]
Description=Apache Kafka
After=network.target zookeeper.service
Requires=zookeeper.service

[Service]
Type=forking
User=kafka
Group=kafka
Environment=JAVA_HOME=$java_home
ExecStart=/opt/kafka/bin/kafka-server-start.sh -daemon /opt/kafka/config/server.properties
ExecStop=/opt/kafka/bin/kafka-server-stop.sh
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
}

# Step 6
start_zookeeper() {
  systemctl daemon-reload
  systemctl start zookeeper
  systemctl enable zookeeper
}

start_kafka() {
  systemctl start kafka
  systemctl enable kafka
  systemctl status --no-pager zookeeper kafka
}

case ${1:-} in
  install) [ $# -eq 7 ] || { echo "usage: $0 install NODE_ID ADDRESS1 ADDRESS2 ADDRESS3 TARBALL JAVA_HOME" >&2; exit 2; }
    shift; install_node "$@" ;;
  start-zookeeper) start_zookeeper ;;
  start-kafka) start_kafka ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
