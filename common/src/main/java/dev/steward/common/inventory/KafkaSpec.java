package dev.steward.common.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Broker settings shared by the whole cluster.
 *
 * @param config the guide's common server.properties block with the inventory's overrides
 *     applied, in rendering order (never contains the node-specific keys Steward owns)
 * @param interBrokerProtocolVersion pinned {@code inter.broker.protocol.version}, if any
 */
public record KafkaSpec(
    KafkaVersion version,
    String scalaVersion,
    Optional<ArtifactSpec> artifact,
    int port,
    List<String> dataDirs,
    String heap,
    List<String> jvmOptions,
    Map<String, String> config,
    List<String> clientNetworks,
    Optional<String> interBrokerProtocolVersion) {

  public KafkaSpec {
    dataDirs = List.copyOf(dataDirs);
    jvmOptions = List.copyOf(jvmOptions);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    clientNetworks = List.copyOf(clientNetworks);
  }

  /** "kafka_2.13-3.9.1": the distribution's directory and file base name. */
  public String distributionName() {
    return "kafka_" + scalaVersion + "-" + version;
  }

  public KafkaSpec withVersion(KafkaVersion newVersion, Optional<ArtifactSpec> newArtifact) {
    return new KafkaSpec(newVersion, scalaVersion, newArtifact, port, dataDirs, heap, jvmOptions,
        config, clientNetworks, interBrokerProtocolVersion);
  }

  public KafkaSpec withInterBrokerProtocolVersion(Optional<String> ibp) {
    return new KafkaSpec(version, scalaVersion, artifact, port, dataDirs, heap, jvmOptions,
        config, clientNetworks, ibp);
  }
}
