package dev.steward.coordinator.adopt;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.render.ServerPropertiesRenderer;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders the adopted inventory with Steward's own renderers and compares each host's files with
 * the hand-built ones by effective value ({@link EffectiveConfig}). A difference that no pending
 * change names would be a configuration change nobody asked for: adopt reports it rather than
 * writing an inventory that claims to reproduce the cluster. Pure.
 */
public final class ReproductionCheck {

  /** A setting rendering would change that no pending change explains. */
  public record Unexplained(String host, String file, EffectiveConfig.Difference difference) {

    @Override
    public String toString() {
      return host + " " + file + " " + difference;
    }
  }

  private ReproductionCheck() {
  }

  public static List<Unexplained> unexplained(Inventory inventory, List<InspectedHost> hosts,
      List<PendingChange> pending) {
    Set<String> explained = new HashSet<>();
    pending.forEach(change -> explained.addAll(change.configKeys()));
    List<Unexplained> found = new ArrayList<>();
    for (InspectedHost inspected : hosts) {
      HostSpec host = inventory.host(inspected.name()).orElseThrow();
      HostLayout layout = new HostLayout(inspected.installation().getHostRoot().isEmpty() ? "/"
          : inspected.installation().getHostRoot());
      if (host.runsKafka()) {
        for (var difference : EffectiveConfig.server(inspected.installation().getServerProperties().getContent(),
            ServerPropertiesRenderer.render(inventory, host, layout))) {
          if (!explained.contains(difference.key())) {
            found.add(new Unexplained(host.name(), AdoptionDecider.SERVER_PROPERTIES, difference));
          }
        }
      }
      if (host.runsZooKeeper()) {
        for (var difference : EffectiveConfig.zooKeeper(
            inspected.installation().getZookeeperProperties().getContent(),
            ZooKeeperPropertiesRenderer.render(inventory, host, layout))) {
          if (!explained.contains(difference.key())) {
            found.add(new Unexplained(host.name(), AdoptionDecider.ZOOKEEPER_PROPERTIES, difference));
          }
        }
      }
    }
    return found;
  }
}
