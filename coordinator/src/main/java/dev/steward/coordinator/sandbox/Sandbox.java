package dev.steward.coordinator.sandbox;

import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.KafkaService;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The local sandbox's processes: three agents on this machine, each on its own loopback address
 * with its own host root. Deploying onto them is the ordinary apply; this class only brings the
 * "hosts" up and down.
 */
public final class Sandbox {

  static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(60);

  private final SandboxLayout layout;
  private final AgentProcesses agents;
  private final Progress progress;

  public Sandbox(SandboxLayout layout, Progress progress) {
    this.layout = layout;
    this.agents = new AgentProcesses(layout);
    this.progress = progress;
  }

  public SandboxLayout layout() {
    return layout;
  }

  /** Writes the inventory unless one exists (a re-run keeps the user's edits). */
  public void writeInventory(String kafkaVersion, String addressPrefix, Optional<Path> artifact,
      boolean connectOnEveryHost) throws IOException {
    writeInventory(kafkaVersion, addressPrefix, SandboxLayout.HOSTS, artifact, connectOnEveryHost);
  }

  /** Writes the inventory for {@code hosts} hosts (3 to 7) unless one exists (a re-run keeps the user's edits). */
  public void writeInventory(String kafkaVersion, String addressPrefix, int hosts, Optional<Path> artifact,
      boolean connectOnEveryHost) throws IOException {
    Files.createDirectories(layout.dir());
    if (!Files.exists(layout.inventory())) {
      Files.writeString(layout.inventory(), SandboxInventory.yaml(kafkaVersion,
          SandboxLayout.addresses(addressPrefix, hosts), artifact, connectOnEveryHost));
    }
  }

  /** Starts every host's agent that is not already running, and waits until all serve. */
  public void startAgents(Inventory inventory) throws IOException, InterruptedException {
    List<HostSpec> started = new ArrayList<>();
    for (HostSpec host : inventory.hosts()) {
      if (agents.running(host.name()).isPresent()) {
        progress.step(host.name(), "agent already running");
        continue;
      }
      if (portTaken(host)) {
        throw new IOException(host.agentTarget() + " is already in use by another process. Is another sandbox running? "
            + "Stop it with `steward sandbox down --dir DIR`, or pick other addresses with --address-prefix.");
      }
      progress.step(host.name(), "starting agent on " + host.agentTarget());
      agents.start(host.name(), host.address(), host.agentPort());
      started.add(host);
    }
    try (Fleet fleet = new Fleet(inventory, new PlaintextLoopbackConnector())) {
      for (HostSpec host : inventory.hosts()) {
        awaitServing(fleet.agent(host), host);
      }
    }
  }

  private void awaitServing(AgentClient agent, HostSpec host) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + AGENT_START_TIMEOUT.toNanos();
    while (!agent.isServing(Duration.ofSeconds(2))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the agent of " + host.name() + " did not start within " + AGENT_START_TIMEOUT.toSeconds()
            + "s; its log: " + layout.agentLog(host.name()) + "\n" + tail(layout.agentLog(host.name())));
      }
      Thread.sleep(200);
    }
    progress.step(host.name(), "agent serving on " + host.agentTarget());
  }

  /**
   * Stops the services in reverse start order (Connect, then Kafka one broker at a time, each a
   * controlled shutdown, then ZooKeeper), then the agents. Data stays in the sandbox directory,
   * so `up` resumes the same cluster.
   *
   * @return a note per process that had to be killed rather than stopped cleanly
   */
  public List<String> stop(Inventory inventory) {
    List<String> notes = new ArrayList<>();
    try (Fleet fleet = new Fleet(inventory, new PlaintextLoopbackConnector())) {
      List<ServiceDescriptor> reversed = new ArrayList<>(Services.all());
      java.util.Collections.reverse(reversed);
      for (ServiceDescriptor service : reversed) {
        if (service.name().equals(KafkaService.NAME)) {
          // one broker at a time: each moves its leadership to brokers that are still up
          service.hosts(inventory).forEach(host -> stopService(fleet, host, service, notes));
        } else {
          fleet.onEach(service.hosts(inventory), agent -> {
            stopService(fleet, inventory.host(agent.host()).orElseThrow(), service, notes);
            return null;
          });
        }
      }
    }
    for (HostSpec host : inventory.hosts()) {
      if (agents.stop(host.name(), Duration.ofSeconds(10))) {
        progress.step(host.name(), "agent stopped");
      }
    }
    // agents of hosts the inventory no longer lists (a drained broker taken out of it): their
    // services are stopped below, as leftovers (SIGTERM: a broker's controlled shutdown)
    for (String host : layout.hostsWithPidFiles()) {
      if (inventory.host(host).isEmpty() && agents.stop(host, Duration.ofSeconds(10))) {
        progress.step(host, "agent stopped (not in the inventory any more)");
      }
    }
    for (ProcessHandle stray : agents.strayServices()) {
      notes.add("stopped a leftover process " + stray.pid() + ": " + AgentProcesses.commandLine(stray));
      AgentProcesses.terminate(stray, Duration.ofSeconds(30));
    }
    return notes;
  }

  private void stopService(Fleet fleet, HostSpec host, ServiceDescriptor service, List<String> notes) {
    if (agents.running(host.name()).isEmpty()) {
      return;
    }
    String label = service.name();
    progress.step(host.name(), "stopping " + label);
    try {
      fleet.agent(host).control(ControlServiceRequest.newBuilder()
          .setOperationId("sandbox-down-" + label + "-" + host.name() + "-" + UUID.randomUUID())
          .setService(service.id()).setAction(ServiceAction.SERVICE_ACTION_STOP)
          .setReason(RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(), Duration.ofMinutes(3));
      progress.step(host.name(), label + " stopped");
    } catch (RuntimeException e) {
      synchronized (notes) {
        notes.add(host.name() + ": stopping " + label + " through the agent failed: " + e.getMessage());
      }
    }
  }

  private static boolean portTaken(HostSpec host) {
    return dev.steward.coordinator.probe.PortCheck.accepts(host.address(), host.agentPort(), Duration.ofMillis(500));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
