package dev.steward.coordinator.adopt;

import dev.steward.common.inventory.GuideDefaults;
import java.util.List;
import java.util.Map;

/**
 * Writes an adopted inventory in the format of docs/inventory.md: only what differs from Steward's
 * defaults, every property value quoted (so YAML reads "0.50" or "false" as the text the file had),
 * and the mismatches and pending changes as comments at the top, so the file itself says what
 * adopting found. Pure.
 */
public final class AdoptedInventoryYaml {

  private AdoptedInventoryYaml() {
  }

  public static String write(AdoptedCluster inventory, List<Mismatch> mismatches, List<PendingChange> pending) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by `steward adopt` from what the agents found on the hosts; it reproduces the running\n")
        .append("# configuration. `steward plan -i <this file>` shows what apply would change.\n");
    for (Mismatch mismatch : mismatches) {
      out.append("# mismatch: ").append(mismatch.describe()).append('\n');
    }
    for (PendingChange change : pending) {
      if (!change.name().equals(PendingChange.CONFIG_MISMATCH)) {
        out.append("# pending ").append(change.name()).append(" (").append(String.join(", ", change.hosts()))
            .append("): ").append(change.description()).append('\n');
      }
    }
    out.append("cluster: ").append(inventory.cluster()).append('\n');

    out.append("kafka:\n");
    out.append("  version: ").append(quoted(inventory.kafkaVersion())).append('\n');
    if (!inventory.scalaVersion().equals("2.13")) {
      out.append("  scalaVersion: ").append(quoted(inventory.scalaVersion())).append('\n');
    }
    if (inventory.kafkaPort() != 9092) {
      out.append("  port: ").append(inventory.kafkaPort()).append('\n');
    }
    if (!inventory.kafkaDataDirs().equals(GuideDefaults.KAFKA_DATA_DIRS)) {
      out.append("  dataDirs: ").append(list(inventory.kafkaDataDirs())).append('\n');
    }
    inventory.kafkaHeap().ifPresent(heap -> out.append("  heap: ").append(quoted(heap)).append('\n'));
    inventory.interBrokerProtocolVersion()
        .ifPresent(v -> out.append("  interBrokerProtocolVersion: ").append(quoted(v)).append('\n'));
    config(out, inventory.kafkaConfig());

    StringBuilder zk = new StringBuilder();
    if (inventory.clientPort() != 2181) {
      zk.append("  clientPort: ").append(inventory.clientPort()).append('\n');
    }
    if (inventory.peerPort() != 2888) {
      zk.append("  peerPort: ").append(inventory.peerPort()).append('\n');
    }
    if (inventory.electionPort() != 3888) {
      zk.append("  electionPort: ").append(inventory.electionPort()).append('\n');
    }
    if (!inventory.zookeeperDataDir().equals(GuideDefaults.ZOOKEEPER_DATA_DIR)) {
      zk.append("  dataDir: ").append(quoted(inventory.zookeeperDataDir())).append('\n');
    }
    inventory.zookeeperHeap().ifPresent(heap -> zk.append("  heap: ").append(quoted(heap)).append('\n'));
    if (inventory.adminServerEnabled() || inventory.adminServerPort() != 8080) {
      zk.append("  adminServer:\n    enabled: ").append(inventory.adminServerEnabled()).append('\n')
          .append("    port: ").append(inventory.adminServerPort()).append('\n');
    }
    if (!inventory.fourLetterWords().isEmpty()) {
      zk.append("  fourLetterWords: ").append(list(inventory.fourLetterWords())).append('\n');
    }
    if (inventory.bindClientPortToHostAddress()) {
      zk.append("  bindClientPortToHostAddress: true\n");
    }
    config(zk, inventory.zookeeperConfig());
    if (zk.length() > 0) {
      out.append("zookeeper:\n").append(zk);
    }

    StringBuilder install = new StringBuilder();
    if (!inventory.installRoot().equals(GuideDefaults.INSTALL_ROOT)) {
      install.append("  root: ").append(quoted(inventory.installRoot())).append('\n');
    }
    inventory.installUser().ifPresent(user -> install.append("  user: ").append(quoted(user)).append('\n'));
    inventory.installGroup().ifPresent(group -> install.append("  group: ").append(quoted(group)).append('\n'));
    if (install.length() > 0) {
      out.append("install:\n").append(install);
    }
    if (inventory.agentPort() != 7443 || !inventory.agentTls()) {
      out.append("agent:\n");
      if (inventory.agentPort() != 7443) {
        out.append("  port: ").append(inventory.agentPort()).append('\n');
      }
      if (!inventory.agentTls()) {
        out.append("  tls: false\n");
      }
    }

    out.append("hosts:\n");
    for (AdoptedCluster.Host host : inventory.hosts()) {
      out.append("  - {name: ").append(host.name()).append(", address: ").append(quoted(host.address()));
      host.zookeeperId().ifPresent(id -> out.append(", zookeeperId: ").append(id));
      host.brokerId().ifPresent(id -> out.append(", brokerId: ").append(id));
      host.rack().ifPresent(rack -> out.append(", rack: ").append(quoted(rack)));
      out.append("}\n");
    }
    return out.toString();
  }

  private static void config(StringBuilder out, Map<String, String> config) {
    if (config.isEmpty()) {
      return;
    }
    out.append("  config:\n");
    config.forEach((key, value) -> out.append("    ").append(quoted(key)).append(": ").append(quoted(value))
        .append('\n'));
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(AdoptedInventoryYaml::quoted).toList()) + "]";
  }

  /**
   * A YAML double-quoted scalar. The values come from properties files the inventory rules
   * accept (printable ASCII, no backslash), so only the double quote needs escaping.
   */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
