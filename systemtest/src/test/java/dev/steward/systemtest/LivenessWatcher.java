package dev.steward.systemtest;

import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.PlaintextLoopbackConnector;
import dev.steward.coordinator.probe.PortCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every 200 ms which ZooKeeper nodes and brokers of a sandbox are down, from what the
 * agents know (the process is not running) and from their ports (nothing accepts connections):
 * not from ZooKeeper's registrations, which outlive a killed broker by its session timeout.
 * While an agent does not answer, its services are judged by their ports alone.
 */
final class LivenessWatcher implements AutoCloseable {

  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Map<String, Integer> PORTS = Map.of("zookeeper", 2181, "kafka", 9092);

  private final String prefix;
  private final Map<String, AgentClient> agents = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, Integer> maxDownAtOnce = new ConcurrentHashMap<>();
  private final List<String> overlaps = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile int samples;

  LivenessWatcher(String prefix) {
    this.prefix = prefix;
    PlaintextLoopbackConnector connector = new PlaintextLoopbackConnector();
    for (int i = 1; i <= 3; i++) {
      HostSpec host = new HostSpec("h" + i, prefix + "." + i, OptionalInt.of(i), OptionalInt.of(i), 7443);
      agents.put(host.name(), new AgentClient(host.name(), connector.connect(host), Duration.ofMillis(500)));
    }
    thread = new Thread(this::watch, "liveness-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    while (running.get()) {
      long start = System.nanoTime();
      for (String service : PORTS.keySet()) {
        List<String> down = down(service);
        maxDownAtOnce.merge(service, down.size(), Math::max);
        if (down.size() > 1) {
          overlaps.add(System.currentTimeMillis() + " " + service + " down on " + down);
        }
      }
      samples++;
      long left = INTERVAL.toMillis() - Duration.ofNanos(System.nanoTime() - start).toMillis();
      if (left > 0) {
        try {
          Thread.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private List<String> down(String service) {
    List<String> down = new ArrayList<>();
    ServiceName name = service.equals("kafka") ? ServiceName.SERVICE_NAME_KAFKA : ServiceName.SERVICE_NAME_ZOOKEEPER;
    agents.forEach((host, agent) -> {
      boolean portOpen = PortCheck.accepts(prefix + "." + host.substring(1), PORTS.get(service), Duration.ofMillis(300));
      boolean processDown;
      try {
        processDown = agent.serviceStatus(name).getActiveState() != ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE;
      } catch (RuntimeException e) {
        processDown = false; // the agent is away: the port alone tells
      }
      if (processDown || !portOpen) {
        down.add(host);
      }
    });
    return down;
  }

  /** The most nodes of the service seen down in one sample. */
  int maxDownAtOnce(String service) {
    return maxDownAtOnce.getOrDefault(service, 0);
  }

  /** Every sample in which two or more nodes of one service were down, for the failure message. */
  List<String> overlaps() {
    return List.copyOf(overlaps);
  }

  int samples() {
    return samples;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
    agents.values().forEach(AgentClient::close);
  }
}
