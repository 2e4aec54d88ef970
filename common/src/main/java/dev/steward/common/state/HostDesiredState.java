package dev.steward.common.state;

import dev.steward.agent.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one host should look like, split into the phases the coordinator converges in
 * order: the base (user, packages, Java, directories, binaries, sysctl, firewall) on every
 * host first, then ZooKeeper on the ensemble, then Kafka once the ensemble has quorum.
 */
public record HostDesiredState(
    String host,
    List<Resource> base,
    List<Resource> zookeeper,
    List<Resource> kafka) {

  public HostDesiredState {
    base = List.copyOf(base);
    zookeeper = List.copyOf(zookeeper);
    kafka = List.copyOf(kafka);
  }

  public List<Resource> all() {
    List<Resource> all = new ArrayList<>(base);
    all.addAll(zookeeper);
    all.addAll(kafka);
    return all;
  }
}
