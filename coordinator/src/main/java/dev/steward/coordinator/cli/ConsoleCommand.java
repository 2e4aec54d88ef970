package dev.steward.coordinator.cli;

import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.Services;
import dev.steward.coordinator.connect.ConnectRestClient;
import dev.steward.coordinator.connect.HealthyWorker;
import dev.steward.coordinator.console.ActionAudit;
import dev.steward.coordinator.console.ConsoleActions;
import dev.steward.coordinator.console.ConsoleAuth;
import dev.steward.coordinator.console.ConsoleReader;
import dev.steward.coordinator.console.ConsoleServer;
import dev.steward.coordinator.console.ConsoleViews;
import dev.steward.coordinator.console.LagHistory;
import dev.steward.coordinator.console.SnapshotPoller;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.Rollouts;
import dev.steward.coordinator.status.StatusCollector;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "console", mixinStandardHelpOptions = true,
    description = {"Serve a web console at http://LISTEN/: overview (hosts, ZooKeeper, controller, partitions, "
        + "alerts), brokers, topics, consumer groups (lag with a chart), Connect, rollouts; updated live. One snapshot "
        + "of the cluster every --interval-seconds, shared by every browser. Read-only unless --allow-actions. On a "
        + "non-loopback address a token printed at start is required (docs/monitoring.md). Runs until stopped.",
        "Exit code: 0 stopped, 1 cannot listen, 2 bad input."})
final class ConsoleCommand implements Callable<Integer> {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:8088",
      description = "Where to serve the console (${DEFAULT-VALUE}). Any non-loopback address requires the token "
          + "printed at start.")
  String listen;

  @Option(names = "--allow-actions", description = "Allow pausing, resuming and restarting connectors and starting "
      + "rolling restarts from the console (each asks for confirmation and is audited). Read-only without it.")
  boolean allowActions;

  @Option(names = "--require-token", description = "Require the token even on loopback (e.g. a machine shared with "
      + "other users).")
  boolean requireToken;

  @Option(names = "--interval-seconds", paramLabel = "SECONDS", defaultValue = "2",
      description = "Take one snapshot of the cluster this often (${DEFAULT-VALUE}).")
  int intervalSeconds;

  @Override
  public Integer call() throws InterruptedException {
    InetSocketAddress address = MetricsCommand.address(listen, true);
    if (intervalSeconds < 1 || intervalSeconds > 300) {
      throw new ExitException(ExitCode.BAD_INPUT, "--interval-seconds: " + intervalSeconds + " is not 1 to 300");
    }
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    PrintWriter out = spec.commandLine().getOut();
    boolean tokenNeeded = requireToken || !address.getAddress().isLoopbackAddress();
    ConsoleAuth auth = tokenNeeded ? ConsoleAuth.withToken(ConsoleAuth.newToken()) : ConsoleAuth.none();
    ExecutorService background = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "steward-console-rollout");
      thread.setDaemon(true);
      return thread;
    });
    try (ClusterSession session = ClusterSession.open(inventory, new PrintWriter(System.err, true), true)) {
      StatusCollector collector = new StatusCollector(inventory, session.fleet, session.cluster, true,
          Clock.systemUTC());
      LagHistory lagHistory = new LagHistory(TimeUnit.MINUTES.toMillis(10));
      ConsoleReader reader = new ConsoleReader(collector, session.cluster, session.rolloutStore(), Clock.systemUTC());
      ConsoleActions actions = new ConsoleActions(allowActions, executor(inventory, session, background),
          ActionAudit.forCluster(inventory.cluster()), inventory.cluster());
      CountDownLatch stopped = new CountDownLatch(1);
      try (SnapshotPoller poller = new SnapshotPoller(() -> {
            var snapshot = reader.get();
            lagHistory.add(snapshot.takenAt().toEpochMilli(), snapshot.status().inputs().lag());
            return snapshot;
          }, snapshot -> ConsoleViews.render(snapshot, lagHistory, allowActions), intervalSeconds * 1000L);
           ConsoleServer server = new ConsoleServer(address, auth, poller, actions,
               System.getProperty("user.name"))) {
        try {
          server.start();
        } catch (RuntimeException e) {
          throw new ExitException(ExitCode.FAILURE, "--listen " + listen + ": " + dev.steward.coordinator.Errors
              .rootMessage(e));
        }
        poller.start();
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "steward-console-stop"));
        InetSocketAddress bound = server.address();
        String url = "http://" + HostSpec.hostPort(bound.getAddress().getHostAddress(), bound.getPort()) + "/";
        out.println("serving " + url + (allowActions ? " (actions allowed)" : " (read-only)"));
        auth.token().ifPresent(token -> out.println("token: " + token + "\nopen " + url + "?token=" + token
            + " once (it sets a cookie), or send Authorization: Bearer " + token));
        out.flush();
        stopped.await();
      }
    } finally {
      background.shutdownNow();
    }
    return ExitCode.OK;
  }

  private ConsoleActions.Executor executor(Inventory inventory, ClusterSession session, ExecutorService background) {
    return new ConsoleActions.Executor() {
      @Override
      public String connector(String name, String verb) {
        HealthyWorker found = HealthyWorker.find(LiveCluster.connectWorkers(inventory), CONNECT_TIMEOUT);
        ConnectRestClient client = found.client().orElseThrow(() -> new IllegalStateException(
            "no Connect worker answers: " + String.join("; ", found.problems())));
        switch (verb) {
          case "pause" -> client.pause(name);
          case "resume" -> client.resume(name);
          default -> client.restart(name, true, false);
        }
        return verb + " " + name + ": done";
      }

      @Override
      public String rollingRestart(String service, List<String> hosts) throws Exception {
        Set<String> services;
        if ("all".equals(service)) {
          services = Set.copyOf(Services.names());
        } else if (Services.byName(service).isPresent()) {
          services = Set.of(service);
        } else {
          throw new IllegalArgumentException(service + " is not a service; use " + String.join(", ",
              Services.names()) + " or all");
        }
        for (String host : hosts) {
          if (inventory.host(host).isEmpty()) {
            throw new IllegalArgumentException(host + " is not a host of the inventory");
          }
        }
        Rollouts rollouts = session.rollouts(inventoryOptions.file);
        rollouts.requireNoUnfinishedRollout();
        RolloutState state = rollouts.newRestart(new Rollouts.RestartOptions(services, Set.copyOf(hosts), Set.of(),
            RestartReasonKind.RESTART_REASON_KIND_MANUAL));
        background.submit(() -> {
          try {
            rollouts.start(state);
          } catch (Exception e) {
            System.err.println("console rolling restart " + state.id() + ": " + e.getMessage());
          }
        });
        return state.id();
      }
    };
  }
}
