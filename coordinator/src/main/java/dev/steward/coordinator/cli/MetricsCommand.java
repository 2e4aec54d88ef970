package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.metrics.CachedScrape;
import dev.steward.coordinator.metrics.MetricsServer;
import dev.steward.coordinator.metrics.PrometheusText;
import dev.steward.coordinator.metrics.StatusMetrics;
import dev.steward.coordinator.status.StatusCollector;
import dev.steward.coordinator.status.StatusReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = {"Serve the figures of `steward status` (hosts, brokers, ZooKeeper, partitions, disks, consumer "
        + "lag, Connect, replication slots, certificates, alerts) at http://LISTEN/metrics in the Prometheus text "
        + "format 0.0.4. Each scrape collects a fresh status, reused for --cache-seconds. Runs until stopped "
        + "(docs/monitoring.md).",
        "Exit code: 0 stopped, 1 cannot listen, 2 bad input (e.g. a non-loopback address without --allow-remote)."})
final class MetricsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:9308",
      description = "Where to serve /metrics (${DEFAULT-VALUE}). Loopback only unless --allow-remote.")
  String listen;

  @Option(names = "--allow-remote", description = "Allow a non-loopback --listen address: the metrics name hosts, "
      + "topics, groups and connectors, and anyone who reaches the port can make the coordinator probe the cluster.")
  boolean allowRemote;

  @Option(names = "--cache-seconds", paramLabel = "SECONDS", defaultValue = "5",
      description = "Reuse one status collection for this long (${DEFAULT-VALUE}).")
  int cacheSeconds;

  @Override
  public Integer call() throws InterruptedException {
    InetSocketAddress address = address(listen, allowRemote);
    if (cacheSeconds < 0 || cacheSeconds > 3600) {
      throw new ExitException(ExitCode.BAD_INPUT, "--cache-seconds: " + cacheSeconds + " is not 0 to 3600");
    }
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    PrintWriter out = spec.commandLine().getOut();
    try (ClusterSession session = ClusterSession.open(inventory, new PrintWriter(System.err, true), true)) {
      StatusCollector collector = new StatusCollector(inventory, session.fleet, session.cluster, true,
          Clock.systemUTC());
      CachedScrape scrape = new CachedScrape(() -> {
        long start = System.nanoTime();
        StatusReport report = collector.collect();
        return PrometheusText.render(StatusMetrics.of(report, (System.nanoTime() - start) / 1e9));
      }, System::nanoTime, TimeUnit.SECONDS.toNanos(cacheSeconds));
      CountDownLatch stopped = new CountDownLatch(1);
      try (MetricsServer server = new MetricsServer(address, scrape)) {
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "steward-metrics-stop"));
        InetSocketAddress bound = server.address();
        out.println("serving http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "/metrics");
        out.flush();
        stopped.await();
      } catch (IOException e) {
        throw new ExitException(ExitCode.FAILURE, "--listen " + listen + ": " + e.getMessage());
      }
    }
    return ExitCode.OK;
  }

  /** Parses ADDRESS:PORT ([v6]:PORT) and refuses a non-loopback address unless allowed. */
  static InetSocketAddress address(String listen, boolean allowRemote) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new ExitException(ExitCode.BAD_INPUT, "--listen: " + listen + " is not ADDRESS:PORT; write e.g. "
          + "127.0.0.1:9308");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new ExitException(ExitCode.BAD_INPUT, "--listen: the port of " + listen + " is not 0 to 65535");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "--listen: " + host + " is not an address of this machine");
    }
    if (!address.isLoopbackAddress() && !allowRemote) {
      throw new ExitException(ExitCode.BAD_INPUT, "--listen: " + host + " is not a loopback address: the metrics "
          + "describe the cluster to anyone who reaches the port; add --allow-remote (and firewall the port to your "
          + "Prometheus server), or listen on 127.0.0.1 and scrape through a tunnel or a local Prometheus");
    }
    return new InetSocketAddress(address, port);
  }
}
