package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every apply now reads {@code /zookeeper/config} before it touches anything, so an ensemble as
 * Steward renders it today (static server.N lines, no reconfigEnabled) must read back as exactly
 * the inventory's members: otherwise every apply on an existing cluster would be refused.
 */
class RenderedEnsembleConfigTest {

  private static final List<String> ADDRESSES = List.of("127.0.23.11", "127.0.23.12", "127.0.23.13");

  @TempDir
  Path root;

  @Test
  void anEnsembleRenderedAsTodayReadsBackAsTheInventorysMembers() throws Exception {
    String yaml = ensembleHead("rendered", ADDRESSES, 23181, "") + "hosts:\n" + memberHosts(ADDRESSES);
    Inventory inventory = new InventoryLoader(ValidationOptions.strict()).parse(yaml, root, "test").inventory();

    try (ZooKeeperProcesses ensemble = new ZooKeeperProcesses(root, EnsembleChangeExecutorTest.SUPERUSER)) {
      List<EnsembleMember> started = new ArrayList<>();
      for (HostSpec host : inventory.zookeeperHosts()) {
        HostLayout layout = new HostLayout(root.resolve(host.name()).toString());
        Path dataDir = Path.of(layout.real(inventory.zookeeper().dataDir()));
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), host.zookeeperId().getAsInt() + "\n");
        Path cfg = root.resolve(host.name()).resolve("zookeeper.properties");
        Files.writeString(cfg, ZooKeeperPropertiesRenderer.render(inventory, host, layout));
        EnsembleMember member = WantedMembers.of(inventory).get(started.size());
        ensemble.launch(member.withClient(host.address() + ":" + inventory.zookeeper().clientPort()), cfg);
        started.add(member);
      }
      EnsembleConfig running = awaitConfig(inventory);

      assertThat(running.ids()).containsExactly(1, 2, 3);
      assertThat(running.member(2).get().address()).isEqualTo("127.0.23.12");
      EnsembleChangePlan plan = EnsembleChangePlanner.plan(running, WantedMembers.of(inventory), false, false);
      assertThat(plan.refusal()).isEmpty();
      assertThat(plan.steps()).isEmpty();
      assertThat(EnsembleChangeCheck.decide(running, inventory, false)).isInstanceOf(EnsembleChangeCheck.Unchanged.class);
    }
  }

  /**
   * With {@code dynamicMembership} the files Steward renders start an ensemble that grows by
   * reconfig, and after ZooKeeper has rewritten the static file the agent's file handler leaves
   * it alone: the next apply neither "repairs" ZooKeeper's membership nor restarts a member. A real
   * change (initLimit) is still made, keeping ZooKeeper's pointer to its newest membership file.
   */
  @Test
  void anEnsembleRenderedWithDynamicMembershipGrowsAndTheAgentLeavesZooKeepersRewriteAlone() throws Exception {
    List<String> addresses = List.of("127.0.23.21", "127.0.23.22", "127.0.23.23", "127.0.23.24");
    String head = ensembleHead("dynamic", addresses, 23281, "  dynamicMembership: true\n");
    String hosts = "hosts:\n" + memberHosts(addresses.subList(0, 3));
    Inventory three = new InventoryLoader(ValidationOptions.strict()).parse(head + hosts, root, "test").inventory();
    // four voters: an even count, accepted explicitly as the planner passes through it
    Inventory four = new InventoryLoader(new ValidationOptions(true)).parse(head + hosts
        + "  - {name: h4, address: 127.0.23.24, zookeeperId: 4, brokerId: 4}\n"
        + "  - {name: h5, address: 127.0.23.25, brokerId: 5}\n", root, "test").inventory();
    String config = dev.steward.common.state.ServiceResources.configFile(three.install(), "zookeeper.properties");

    try (ZooKeeperProcesses processes = new ZooKeeperProcesses(root, EnsembleChangeExecutorTest.SUPERUSER)) {
      RenderedHosts hostsOnDisk = new RenderedHosts(four, processes, config);
      List<EnsembleMember> wantedThree = WantedMembers.of(three);
      for (EnsembleMember member : wantedThree) {
        hostsOnDisk.start(member, wantedThree);
      }
      EnsembleConfig running = awaitConfig(three);
      assertThat(running.ids()).containsExactly(1, 2, 3);
      assertThat(EnsembleChangeCheck.decide(running, three, false)).isInstanceOf(EnsembleChangeCheck.Unchanged.class);

      try (EnsembleAdmin admin = EnsembleAdmin.connect(three.zookeeperConnect(), EnsembleChangeExecutorTest.SUPERUSER,
          Duration.ofSeconds(30))) {
        EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), WantedMembers.of(four), true, true);
        run(plan, hostsOnDisk, admin);
        assertThat(admin.config().ids()).containsExactly(1, 2, 3, 4);
      }

      // what the next apply would find on h1, and decide
      HostSpec h1 = four.host("h1").orElseThrow();
      HostLayout layout = hostsOnDisk.layout(h1);
      Path onDisk = Path.of(layout.real(config));
      String rewritten = Files.readString(onDisk);
      assertThat(rewritten).as("ZooKeeper points its static file at a newer membership file")
          .containsPattern("dynamicConfigFile=.*zookeeper\\.properties\\.dynamic\\.[0-9a-f]+");
      dev.steward.agent.resource.FileHandler files = new dev.steward.agent.resource.FileHandler(
          new dev.steward.agent.host.HostRoot(root.resolve("h1")));
      dev.steward.agent.v1.FileResource desired = fileResource(four, h1, layout, config);
      assertThat(files.diff(desired, files.observe(desired)).isNone())
          .as("apply leaves ZooKeeper's rewrite alone:\n" + rewritten).isTrue();

      Inventory slower = new InventoryLoader(new ValidationOptions(true)).parse(head + "  config: {initLimit: 20}\n"
          + hosts + "  - {name: h4, address: 127.0.23.24, zookeeperId: 4, brokerId: 4}\n", root, "test").inventory();
      dev.steward.agent.v1.FileResource changed = fileResource(slower, h1, layout, config);
      var observed = files.observe(changed);
      var diff = files.diff(changed, observed);
      assertThat(diff.isNone()).isFalse();
      assertThat(diff.text()).contains("initLimit: 10 -> 20").doesNotContain("server.");
      files.apply(changed, observed, diff);
      String written = Files.readString(onDisk);
      assertThat(written).contains("initLimit=20")
          .contains(rewritten.lines().filter(l -> l.startsWith("dynamicConfigFile=")).findFirst().orElseThrow())
          .doesNotContain("server.");
      assertThat(files.diff(changed, files.observe(changed)).isNone()).as("and is then done").isTrue();
    }
  }

  /**
   * The enabling step on an ensemble Steward built before dynamic membership: the members are
   * restarted one at a time with the new rendering (followers first), a synced quorum is awaited
   * after each, writes go on throughout and none is lost, and the ensemble then grows by reconfig.
   */
  @Test
  void aStaticEnsembleTurnsDynamicByOneRollingRestartWithoutLosingWrites() throws Exception {
    List<String> addresses = List.of("127.0.23.31", "127.0.23.32", "127.0.23.33", "127.0.23.34");
    String head = ensembleHead("enabling", addresses, 23381, "");
    String hosts = "hosts:\n" + memberHosts(addresses.subList(0, 3));
    Inventory staticThree = new InventoryLoader(ValidationOptions.strict()).parse(head + hosts, root, "test").inventory();
    Inventory dynamicFour = new InventoryLoader(new ValidationOptions(true)).parse(head + "  dynamicMembership: true\n"
        + hosts + "  - {name: h4, address: 127.0.23.34, zookeeperId: 4, brokerId: 4}\n", root, "test").inventory();
    String config = dev.steward.common.state.ServiceResources.configFile(staticThree.install(), "zookeeper.properties");

    try (ZooKeeperProcesses processes = new ZooKeeperProcesses(root, EnsembleChangeExecutorTest.SUPERUSER)) {
      RenderedHosts before = new RenderedHosts(staticThree, processes, config);
      RenderedHosts after = new RenderedHosts(dynamicFour, processes, config);
      List<EnsembleMember> three = WantedMembers.of(staticThree);
      for (EnsembleMember member : three) {
        before.start(member, three);
      }
      assertThat(awaitConfig(staticThree).ids()).containsExactly(1, 2, 3);
      awaitSyncedQuorum(processes, three);

      try (ZnodeWriter writer = ZnodeWriter.start(staticThree.zookeeperConnect())) {
        for (EnsembleMember member : followersThenLeader(processes, three)) {
          processes.stop(member);
          after.start(member, three);
          awaitSyncedQuorum(processes, three);
        }
        try (EnsembleAdmin admin = EnsembleAdmin.connect(staticThree.zookeeperConnect(),
            EnsembleChangeExecutorTest.SUPERUSER, Duration.ofSeconds(30))) {
          assertThat(admin.config().ids()).containsExactly(1, 2, 3);
          EnsembleChangePlan plan = EnsembleChangePlanner.plan(admin.config(), WantedMembers.of(dynamicFour), true,
              true);
          run(plan, after, admin);
          assertThat(admin.config().ids()).containsExactly(1, 2, 3, 4);
        }
        writer.stopAndAwait();
        assertThat(writer.acknowledged()).as("writes acknowledged during the roll and the growth").isGreaterThan(20);
        assertThat(writer.missing()).as("acknowledged writes missing afterwards").isEmpty();
        System.out.println("static -> dynamic membership by a rolling restart, then 3 -> 4: " + writer.acknowledged()
            + " writes acknowledged, 0 lost");
      }
    }
  }

  /** Runs the plan's membership steps; the members run with reconfig already, and there are no brokers. */
  private static void run(EnsembleChangePlan plan, EnsembleHosts hosts, EnsembleAdmin admin) throws Exception {
    new EnsembleChangeExecutor(hosts, admin, new EnsembleChangeExecutor.RolloutSteps() {
      @Override
      public void enableReconfig(List<EnsembleMember> members) {
        throw new AssertionError("the members run with reconfig already");
      }

      @Override
      public void rollBrokers(List<EnsembleMember> members) {
      }
    }, new dev.steward.coordinator.gate.Gate(Duration.ofMillis(100)), Duration.ofSeconds(90),
        dev.steward.coordinator.progress.Progress.silent()).run(plan);
  }

  private static List<EnsembleMember> followersThenLeader(ZooKeeperProcesses processes, List<EnsembleMember> members) {
    List<EnsembleMember> ordered = new ArrayList<>(members);
    ordered.sort(java.util.Comparator.comparing((EnsembleMember m) -> processes.ask(m, "srvr")
        .map(MemberAnswers::mode).orElse("").equals("leader")));
    return ordered;
  }

  private static void awaitSyncedQuorum(ZooKeeperProcesses processes, List<EnsembleMember> members) throws Exception {
    new dev.steward.coordinator.gate.Gate(Duration.ofMillis(100)).await("a leader with every follower synced",
        () -> members.stream().anyMatch(m -> processes.ask(m, "srvr").map(MemberAnswers::mode).orElse("")
            .equals("leader") && processes.ask(m, "mntr").map(MemberAnswers::monitor)
            .map(v -> String.valueOf(members.size() - 1).equals(v.get("zk_synced_followers"))).orElse(false)),
        Boolean::booleanValue, synced -> "not yet", Duration.ofSeconds(90),
        dev.steward.coordinator.progress.Progress.silent());
  }

  private static dev.steward.agent.v1.FileResource fileResource(Inventory inventory, HostSpec host, HostLayout layout,
      String config) {
    return new dev.steward.common.service.ZooKeeperService()
        .resources(inventory, host, layout, dev.steward.common.state.SecretValues.NONE).stream()
        .filter(r -> r.hasFile() && r.getFile().getPath().equals(config)).findFirst().orElseThrow().getFile()
        .toBuilder().setMode(0).setOwner("").setGroup("").build();
  }

  /**
   * The hosts as the agents would lay them out: each member's zookeeper.properties, its first
   * dynamic file (the members it joins) and myid, rendered by Steward under the host's root.
   */
  private final class RenderedHosts implements EnsembleHosts {
    private final Inventory inventory;
    private final ZooKeeperProcesses processes;
    private final String config;

    RenderedHosts(Inventory inventory, ZooKeeperProcesses processes, String config) {
      this.inventory = inventory;
      this.processes = processes;
      this.config = config;
    }

    HostLayout layout(HostSpec host) {
      return new HostLayout(root.resolve(host.name()).toString());
    }

    @Override
    public void start(EnsembleMember member, List<EnsembleMember> joinWith) throws java.io.IOException {
      HostSpec host = inventory.zookeeperHosts().stream().filter(h -> h.zookeeperId().getAsInt() == member.id())
          .findFirst().orElseThrow();
      HostLayout layout = layout(host);
      Path dataDir = Path.of(layout.real(inventory.zookeeper().dataDir()));
      Files.createDirectories(dataDir);
      Files.writeString(dataDir.resolve("myid"), member.id() + "\n");
      Path cfg = Path.of(layout.real(config));
      Files.createDirectories(cfg.getParent());
      Files.writeString(cfg, ZooKeeperPropertiesRenderer.render(inventory, host, layout));
      List<HostSpec> joining = inventory.zookeeperHosts().stream()
          .filter(h -> joinWith.stream().anyMatch(m -> m.id() == h.zookeeperId().getAsInt())).toList();
      Files.writeString(Path.of(layout.real(ZooKeeperPropertiesRenderer.dynamicFile(inventory))),
          ZooKeeperPropertiesRenderer.renderMembers(inventory, joining));
      processes.launch(member, cfg);
    }

    @Override
    public void stop(EnsembleMember member) throws java.io.IOException {
      processes.stop(member);
    }

    @Override
    public java.util.Optional<String> ask(EnsembleMember member, String word) {
      return processes.ask(member, word);
    }
  }

  /**
   * The head of a test inventory (up to the hosts) for members on {@code addresses}, with ports free
   * on all of them from {@code from}, each binding its own address as the sandbox does.
   */
  private static String ensembleHead(String cluster, List<String> addresses, int from, String zookeeperLines)
      throws java.io.IOException {
    int clientPort = ZooKeeperProcesses.portFreeOn(addresses, from);
    int peerPort = ZooKeeperProcesses.portFreeOn(addresses, clientPort + 1);
    int electionPort = ZooKeeperProcesses.portFreeOn(addresses, peerPort + 1);
    return "cluster: " + cluster + "\nkafka:\n  version: 3.9.1\nzookeeper:\n  clientPort: " + clientPort
        + "\n  peerPort: " + peerPort + "\n  electionPort: " + electionPort
        + "\n  bindClientPortToHostAddress: true\n" + zookeeperLines;
  }

  /** Hosts h1..hN, member and broker N each, on {@code addresses}. */
  private static String memberHosts(List<String> addresses) {
    StringBuilder hosts = new StringBuilder();
    for (int n = 1; n <= addresses.size(); n++) {
      hosts.append("  - {name: h").append(n).append(", address: ").append(addresses.get(n - 1))
          .append(", zookeeperId: ").append(n).append(", brokerId: ").append(n).append("}\n");
    }
    return hosts.toString();
  }

  private static EnsembleConfig awaitConfig(Inventory inventory) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        EnsembleConfig config = EnsembleAdmin.readConfig(inventory.zookeeperConnect(), Duration.ofSeconds(10));
        if (!config.members().isEmpty() || System.nanoTime() > deadline) {
          return config;
        }
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }
}
