package dev.steward.coordinator.adopt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The inventory an adoption writes, as plain values: only what differs from Steward's defaults is
 * set (an empty Optional, map or list means "the default", and the YAML leaves it out).
 */
public record AdoptedCluster(
    String cluster,
    String kafkaVersion,
    String scalaVersion,
    int kafkaPort,
    List<String> kafkaDataDirs,
    Optional<String> kafkaHeap,
    Map<String, String> kafkaConfig,
    Optional<String> interBrokerProtocolVersion,
    int clientPort,
    int peerPort,
    int electionPort,
    String zookeeperDataDir,
    Optional<String> zookeeperHeap,
    boolean adminServerEnabled,
    int adminServerPort,
    List<String> fourLetterWords,
    boolean bindClientPortToHostAddress,
    Map<String, String> zookeeperConfig,
    String installRoot,
    Optional<String> installUser,
    Optional<String> installGroup,
    int agentPort,
    boolean agentTls,
    List<Host> hosts) {

  public AdoptedCluster {
    kafkaDataDirs = List.copyOf(kafkaDataDirs);
    kafkaConfig = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kafkaConfig));
    fourLetterWords = List.copyOf(fourLetterWords);
    zookeeperConfig = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(zookeeperConfig));
    hosts = List.copyOf(hosts);
  }

  public record Host(String name, String address, OptionalInt zookeeperId, OptionalInt brokerId,
                     Optional<String> rack) {
  }
}
