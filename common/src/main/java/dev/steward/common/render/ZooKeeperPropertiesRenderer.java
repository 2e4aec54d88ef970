package dev.steward.common.render;

import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.ZooKeeperSpec;
import dev.steward.common.state.HostLayout;
import java.util.Map;

/**
 * Renders zookeeper.properties: the guide's lines in the guide's order, then the settings
 * Steward's health gates need (AdminServer port, four-letter words), then the inventory's
 * additions. The file is the same on every node, as in the guide, unless
 * {@code bindClientPortToHostAddress} makes each node bind its own address.
 */
public final class ZooKeeperPropertiesRenderer {

  private ZooKeeperPropertiesRenderer() {
  }

  /**
   * @param host the ZooKeeper node the file is for (only its address is used, and only when
   *     binding to it)
   * @param layout where the host's paths really are: dataDir is written as its real path
   */
  public static String render(Inventory inventory, HostSpec host, HostLayout layout) {
    if (!host.runsZooKeeper()) {
      throw new IllegalArgumentException(host.name() + " runs no ZooKeeper node");
    }
    ZooKeeperSpec zk = inventory.zookeeper();
    Map<String, String> config = zk.config();
    PropertiesText file = PropertiesText.properties()
        .put("dataDir", layout.real(zk.dataDir()))
        .put("clientPort", zk.clientPort());
    if (zk.bindClientPortToHostAddress()) {
      file.put("clientPortAddress", host.address());
    }
    putIfSet(file, config, "maxClientCnxns");
    file.put("admin.enableServer", zk.adminServerEnabled());
    putIfSet(file, config, "initLimit");
    putIfSet(file, config, "syncLimit");
    for (HostSpec member : inventory.zookeeperHosts()) {
      file.put("server." + member.zookeeperId().getAsInt(),
          HostSpec.hostPort(member.address(), zk.peerPort()) + ":" + zk.electionPort());
    }
    // always explicit: ZooKeeper's own default, 8080, collides with many things
    file.put("admin.serverPort", zk.adminServerPort());
    if (zk.adminServerEnabled() && zk.bindClientPortToHostAddress()) {
      file.put("admin.serverAddress", host.address());
    }
    file.put("4lw.commands.whitelist", String.join(",", zk.fourLetterWords()));
    config.forEach((key, value) -> {
      if (!GuideDefaults.ZOOKEEPER_PROPERTIES.containsKey(key)) {
        file.put(key, value);
      }
    });
    return file.toString();
  }

  private static void putIfSet(PropertiesText file, Map<String, String> config, String key) {
    if (config.containsKey(key)) {
      file.put(key, config.get(key));
    }
  }
}
