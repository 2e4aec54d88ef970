package dev.steward.common.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Rules across the hosts: unique names, addresses and ids; both roles present; a safe ensemble size. */
final class HostRules {

  private HostRules() {
  }

  static void check(Inventory inventory, Problems problems, ValidationOptions options) {
    List<HostSpec> hosts = inventory.hosts();
    requireUnique(hosts, "name", h -> Optional.of(h.name().toLowerCase(java.util.Locale.ROOT)), problems,
        "give every host its own name (names are compared ignoring case)");
    requireUnique(hosts, "address", h -> Optional.of(Addresses.canonical(h.address())), problems,
        "give every host its own address: one host runs at most one ZooKeeper node and one broker");
    requireUnique(hosts, "zookeeperId", h -> validId(h.zookeeperId()), problems,
        "give every ZooKeeper node a unique id from 1 to 255");
    requireUnique(hosts, "brokerId", h -> validId(h.brokerId()), problems,
        "give every broker a unique id from 0 to 2147483647");
    if (hosts.isEmpty() || problems.failedWithin("hosts")) {
      // a host that could not be read makes every count below a guess: report those next time
      return;
    }
    long ensemble = hosts.stream().filter(HostSpec::runsZooKeeper).count();
    long brokers = hosts.stream().filter(HostSpec::runsKafka).count();
    if (ensemble == 0) {
      problems.error("hosts", "no host has a zookeeperId, so there is no ZooKeeper ensemble",
          "give three (or five) hosts a zookeeperId");
    } else {
      checkEnsembleSize(ensemble, problems, options);
    }
    if (brokers == 0) {
      problems.error("hosts", "no host has a brokerId, so there is no Kafka broker", "give each broker host a brokerId");
    }
    checkRacks(hosts, problems);
  }

  /**
   * A rack is a broker's ({@code broker.rack}); when one broker names a rack every broker must:
   * Kafka refuses rack-aware placement while some brokers have none (docs/scaling.md).
   */
  private static void checkRacks(List<HostSpec> hosts, Problems problems) {
    boolean anyRack = hosts.stream().anyMatch(h -> h.runsKafka() && h.rack().isPresent());
    for (int i = 0; i < hosts.size(); i++) {
      HostSpec host = hosts.get(i);
      if (host.rack().isPresent() && !host.runsKafka()) {
        problems.error("hosts[" + i + "].rack", "is set on " + host.name() + ", which runs no broker (the rack is "
            + "rendered as broker.rack)", "remove rack from this host, or give it a brokerId");
      } else if (anyRack && host.runsKafka() && host.rack().isEmpty()) {
        problems.error("hosts[" + i + "]", host.name() + " names no rack while other brokers do; Kafka refuses "
            + "rack-aware placement when only some brokers have a rack", "add rack: <its rack> to every broker host, "
            + "or remove rack from all of them");
      }
    }
  }

  private static void checkEnsembleSize(long size, Problems problems, ValidationOptions options) {
    String message;
    if (size == 1) {
      message = "the ZooKeeper ensemble has a single node: it tolerates no failure at all";
    } else if (size % 2 == 0) {
      message = "the ZooKeeper ensemble has " + size + " nodes, an even number: it tolerates no more failures than "
          + (size - 1) + (size == 2 ? " node" : " nodes") + " would, with one more node that can fail";
    } else {
      return;
    }
    String fix = "give an odd number of hosts (3, 5 or 7) a zookeeperId";
    if (options.allowUnsafeEnsemble()) {
      problems.warning("hosts", message, fix);
    } else {
      problems.error("hosts", message, fix + ", or accept the risk with --allow-unsafe-ensemble");
    }
  }

  /** Reports each host whose {@code key} repeats an earlier host's, naming both. */
  private static void requireUnique(List<HostSpec> hosts, String field, Function<HostSpec, Optional<String>> key,
      Problems problems, String fix) {
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String path = "hosts[" + i + "]." + field;
      Optional<String> value = key.apply(hosts.get(i));
      if (problems.failed(path) || value.isEmpty() || value.get().isEmpty()) {
        continue;
      }
      Integer first = firstUse.putIfAbsent(value.get(), i);
      if (first != null) {
        problems.error(path, shown(hosts.get(i), field) + " is already used by hosts[" + first + "] ("
            + hosts.get(first).name() + ")", fix);
      }
    }
  }

  private static Optional<String> validId(java.util.OptionalInt id) {
    return id.isPresent() && id.getAsInt() != HostListReader.INVALID_ID
        ? Optional.of(String.valueOf(id.getAsInt())) : Optional.empty();
  }

  private static String shown(HostSpec host, String field) {
    return switch (field) {
      case "name" -> Printable.quote(host.name());
      case "address" -> host.address();
      case "zookeeperId" -> String.valueOf(host.zookeeperId().getAsInt());
      default -> String.valueOf(host.brokerId().getAsInt());
    };
  }
}
