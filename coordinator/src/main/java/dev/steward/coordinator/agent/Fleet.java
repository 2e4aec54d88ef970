package dev.steward.coordinator.agent;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agents of every host in an inventory, with a way to ask all of them at once: at most
 * {@link FanOutLimits#maxConcurrentCalls} calls at a time, and reads within a per-host deadline.
 * Channels open lazily: building a fleet contacts no host.
 */
public final class Fleet implements AutoCloseable {

  private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
  private final Map<String, AgentClient> clients = new LinkedHashMap<>();
  private final AgentConnector connector;
  private final FanOutLimits limits;
  private final FanOut fanOut;

  public Fleet(Inventory inventory, AgentConnector connector) {
    this(inventory, connector, FanOutLimits.DEFAULT);
  }

  public Fleet(Inventory inventory, AgentConnector connector, FanOutLimits limits) {
    this(inventory.hosts(), connector, limits);
  }

  /** Hosts without an inventory yet (`steward adopt` writes the inventory from their answers). */
  public Fleet(List<HostSpec> hostList, AgentConnector connector, FanOutLimits limits) {
    for (HostSpec host : hostList) {
      hosts.put(host.name(), host);
    }
    this.connector = connector;
    this.limits = limits;
    this.fanOut = new FanOut(limits.maxConcurrentCalls());
  }

  public synchronized AgentClient agent(String hostName) {
    return clients.computeIfAbsent(hostName, name -> {
      HostSpec host = hosts.get(name);
      if (host == null) {
        throw new IllegalArgumentException("no host named " + name + " in the inventory");
      }
      return new AgentClient(name, connector.connect(host));
    });
  }

  public AgentClient agent(HostSpec host) {
    return agent(host.name());
  }

  /**
   * Runs {@code call} against every given host concurrently and returns each host's outcome
   * (a value or the exception it threw), in the order given. Each RPC is bounded by its own
   * deadline ({@link AgentClient}): this is for calls that may rightly take long (apply, pushing
   * an artifact, stopping a service). Reads go through {@link #readEach}.
   */
  public <T> Map<HostSpec, Outcome<T>> onEach(List<HostSpec> targets, Function<AgentClient, T> call) {
    return fanOut(targets, Optional.empty(), call);
  }

  /**
   * {@link #onEach} for calls that only read (facts, service status, probes, preflight): each
   * host's call, however many RPCs it makes, ends within the read deadline counted from its start,
   * so a host that does not answer costs that deadline once, in parallel with the others.
   */
  public <T> Map<HostSpec, Outcome<T>> readEach(List<HostSpec> targets, Function<AgentClient, T> call) {
    return fanOut(targets, Optional.of(limits.readDeadline()), call);
  }

  private <T> Map<HostSpec, Outcome<T>> fanOut(List<HostSpec> targets, Optional<Duration> deadline,
      Function<AgentClient, T> call) {
    List<Supplier<T>> calls = new ArrayList<>();
    for (HostSpec host : targets) {
      calls.add(() -> call.apply(agent(host)));
    }
    List<Outcome<T>> results = fanOut.run(calls, deadline);
    Map<HostSpec, Outcome<T>> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      outcomes.put(targets.get(i), results.get(i));
    }
    return outcomes;
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(AgentClient::close);
    clients.clear();
    fanOut.close();
  }

  /** The result of one host's call: a value, or why there is none. */
  public record Outcome<T>(T value, Throwable error) {

    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(Throwable error) {
      return new Outcome<>(null, error);
    }

    /** Runs one step of a host's call on its own, so that one failing step keeps the others' answers. */
    public static <T> Outcome<T> attempt(Supplier<T> step) {
      try {
        return of(step.get());
      } catch (RuntimeException e) {
        return failed(e);
      }
    }

    public boolean ok() {
      return error == null;
    }

    public String errorMessage() {
      return error == null ? "" : error.getMessage() == null ? error.toString() : error.getMessage();
    }
  }
}
