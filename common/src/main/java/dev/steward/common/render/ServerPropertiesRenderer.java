package dev.steward.common.render;

import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaSpec;
import dev.steward.common.state.HostLayout;
import java.util.stream.Collectors;

/**
 * Renders a broker's server.properties: the guide's common block in the guide's order (with
 * the inventory's overrides in place), the high-availability settings, the inventory's other
 * settings, a pinned inter-broker protocol, and last the three node-specific lines the guide
 * adds per broker.
 */
public final class ServerPropertiesRenderer {

  private ServerPropertiesRenderer() {
  }

  /**
   * @param host the broker the file is for
   * @param layout where the host's paths really are: log.dirs are written as real paths
   */
  public static String render(Inventory inventory, HostSpec host, HostLayout layout) {
    if (!host.runsKafka()) {
      throw new IllegalArgumentException(host.name() + " runs no broker");
    }
    KafkaSpec kafka = inventory.kafka();
    PropertiesText file = PropertiesText.properties();
    for (String key : GuideDefaults.SERVER_PROPERTIES_ORDER) {
      if (key.equals(GuideDefaults.LOG_DIRS)) {
        file.put(key, kafka.dataDirs().stream().map(layout::real).collect(Collectors.joining(",")));
      } else if (key.equals(GuideDefaults.ZOOKEEPER_CONNECT)) {
        file.put(key, inventory.zookeeperConnect());
      } else if (kafka.config().containsKey(key)) {
        file.put(key, kafka.config().get(key));
      }
    }
    // the high-availability block and the inventory's own keys follow the common block in the
    // model's order, which puts the former first
    kafka.config().forEach((key, value) -> {
      if (!GuideDefaults.SERVER_PROPERTIES_ORDER.contains(key)) {
        file.put(key, value);
      }
    });
    kafka.interBrokerProtocolVersion().ifPresent(v -> file.put("inter.broker.protocol.version", v));
    String listener = "PLAINTEXT://" + HostSpec.hostPort(host.address(), kafka.port());
    file
        .put("broker.id", host.brokerId().getAsInt())
        .put("listeners", listener)
        .put("advertised.listeners", listener);
    host.rack().ifPresent(rack -> file.put("broker.rack", rack));
    return file.toString();
  }
}
