package dev.steward.common.render;

import dev.steward.common.inventory.ConnectSpec;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.HostLayout;

/**
 * Renders a worker's connect-distributed.properties: the guide's Step 9 lines in the guide's
 * order (bootstrap servers and group first, then its block with the inventory's overrides and
 * additions), then the REST listener and plugin.path.
 *
 * <p>The guide's {@code rest.host.name}/{@code rest.port} are deprecated since Kafka 3.0
 * (KIP-208): {@code listeners=http://<address>:<port>} binds the same address, and
 * {@code rest.advertised.host.name}/{@code rest.advertised.port} tell the other workers where to
 * forward requests. Without them a worker advertises its host name, which the other hosts may
 * not resolve (see docs/inventory.md).
 */
public final class ConnectPropertiesRenderer {

  private ConnectPropertiesRenderer() {
  }

  /**
   * @param layout where the host's paths really are: plugin.path is written as a real path
   */
  public static String render(Inventory inventory, HostSpec host, HostLayout layout) {
    ConnectSpec connect = inventory.connect();
    if (!connect.runsOn(host)) {
      throw new IllegalArgumentException(host.name() + " runs no Connect worker");
    }
    PropertiesText file = PropertiesText.properties()
        .put("bootstrap.servers", inventory.bootstrapServers())
        .put("group.id", connect.groupId());
    connect.config().forEach(file::put);
    return file
        .put("listeners", "http://" + HostSpec.hostPort(host.address(), connect.restPort()))
        .put("rest.advertised.listener", "http")
        .put("rest.advertised.host.name", host.address())
        .put("rest.advertised.port", connect.restPort())
        .put("plugin.path", layout.real(pluginPath()))
        .toString();
  }

  /** The directory whose entries are the active plugins (links to versioned directories beside it). */
  public static String pluginPath() {
    return GuideDefaults.CONNECT_PLUGIN_ROOT + "/active";
  }
}
