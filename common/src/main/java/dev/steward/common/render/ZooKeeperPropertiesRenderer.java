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
 *
 * <p>With {@code dynamicMembership} the members are not in this file: it points at a dynamic file
 * ({@link #renderMembers}) that ZooKeeper rewrites after every membership change, and ZooKeeper
 * then also rewrites this file's membership keys (docs/scaling.md).
 */
public final class ZooKeeperPropertiesRenderer {

  private ZooKeeperPropertiesRenderer() {
  }

  /**
   * @param host the ZooKeeper node the file is for (only its address is used, and only when
   *     binding to it)
   * @param layout where the host's paths really are: dataDir is written as its real path
   */
  /** The dynamic membership file's name, beside zookeeper.properties; ZooKeeper's next ones add a version. */
  public static final String DYNAMIC_FILE = "zookeeper.properties.dynamic";

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
    if (zk.dynamicMembership()) {
      file.put("reconfigEnabled", true);
      // a one-member ensemble stays a quorum of one that can grow, not a standalone server
      file.put("standaloneEnabled", false);
      file.put("dynamicConfigFile", layout.real(dynamicFile(inventory)));
    } else {
      for (HostSpec member : inventory.zookeeperHosts()) {
        file.put("server." + member.zookeeperId().getAsInt(),
            HostSpec.hostPort(member.address(), zk.peerPort()) + ":" + zk.electionPort());
      }
    }
    // always explicit: ZooKeeper's own default, 8080, collides with many things
    file.put("admin.serverPort", zk.adminServerPort());
    if (zk.adminServerEnabled() && zk.bindClientPortToHostAddress()) {
      file.put("admin.serverAddress", host.address());
    }
    java.util.List<String> words = new java.util.ArrayList<>(zk.fourLetterWords());
    if (zk.dynamicMembership() && !words.contains("conf")) {
      // a membership change waits until every member's conf shows the new configuration version
      words.add("conf");
    }
    file.put("4lw.commands.whitelist", String.join(",", words));
    config.forEach((key, value) -> {
      if (!GuideDefaults.ZOOKEEPER_PROPERTIES.containsKey(key)) {
        file.put(key, value);
      }
    });
    return file.toString();
  }

  /** Where the first dynamic membership file goes (a logical path, like the config file's). */
  public static String dynamicFile(Inventory inventory) {
    return dev.steward.common.state.ServiceResources.configFile(inventory.install(), DYNAMIC_FILE);
  }

  /**
   * The dynamic membership file a member starts from: one participant line per member, in the
   * form {@code /zookeeper/config} and {@code reconfig -add} use. Written only when the member is
   * created; ZooKeeper owns it from then on.
   */
  public static String renderMembers(Inventory inventory, java.util.List<HostSpec> members) {
    ZooKeeperSpec zk = inventory.zookeeper();
    StringBuilder text = new StringBuilder();
    for (HostSpec member : members) {
      String clientAddress = zk.bindClientPortToHostAddress() ? member.address() : "0.0.0.0";
      text.append("server.").append(member.zookeeperId().getAsInt()).append('=')
          .append(HostSpec.hostPort(member.address(), zk.peerPort())).append(':').append(zk.electionPort())
          .append(":participant;").append(clientAddress).append(':').append(zk.clientPort()).append('\n');
    }
    return text.toString();
  }

  private static void putIfSet(PropertiesText file, Map<String, String> config, String key) {
    if (config.containsKey(key)) {
      file.put(key, config.get(key));
    }
  }
}
