package dev.steward.common.inventory;

import java.util.List;
import java.util.Map;

/**
 * ZooKeeper ensemble settings.
 *
 * @param bindClientPortToHostAddress render {@code clientPortAddress=<host address>} so that
 *     several nodes can share one machine (the sandbox); false keeps the guide's identical file
 * @param dynamicMembership run the ensemble with ZooKeeper's dynamic reconfiguration
 *     ({@code reconfigEnabled}): the membership lives in a dynamic file ZooKeeper owns, so that
 *     members can be added and removed one at a time without restarting the others
 *     (docs/scaling.md)
 * @param config the guide's zookeeper.properties settings with overrides applied, in order
 */
public record ZooKeeperSpec(
    int clientPort,
    int peerPort,
    int electionPort,
    String dataDir,
    String heap,
    List<String> jvmOptions,
    boolean adminServerEnabled,
    int adminServerPort,
    List<String> fourLetterWords,
    boolean bindClientPortToHostAddress,
    boolean dynamicMembership,
    Map<String, String> config) {

  public ZooKeeperSpec {
    jvmOptions = List.copyOf(jvmOptions);
    fourLetterWords = List.copyOf(fourLetterWords);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }
}
