package dev.steward.coordinator.agent;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The agents of every host in an inventory, with a way to ask all of them at once.
 * Channels open lazily: building a fleet contacts no host.
 */
public final class Fleet implements AutoCloseable {

  private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
  private final Map<String, AgentClient> clients = new LinkedHashMap<>();
  private final AgentConnector connector;
  private final ExecutorService pool;

  public Fleet(Inventory inventory, AgentConnector connector) {
    for (HostSpec host : inventory.hosts()) {
      hosts.put(host.name(), host);
    }
    this.connector = connector;
    this.pool = Executors.newFixedThreadPool(Math.max(2, hosts.size() * 2), runnable -> {
      Thread thread = new Thread(runnable, "fleet");
      thread.setDaemon(true);
      return thread;
    });
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
   * (a value or the exception it threw), in the order given.
   */
  public <T> Map<HostSpec, Outcome<T>> onEach(List<HostSpec> targets, Function<AgentClient, T> call) {
    List<Future<T>> futures = new ArrayList<>();
    for (HostSpec host : targets) {
      futures.add(pool.submit(() -> call.apply(agent(host))));
    }
    Map<HostSpec, Outcome<T>> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      outcomes.put(targets.get(i), await(futures.get(i)));
    }
    return outcomes;
  }

  private static <T> Outcome<T> await(Future<T> future) {
    try {
      return Outcome.of(future.get());
    } catch (ExecutionException e) {
      return Outcome.failed(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed(e);
    }
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(AgentClient::close);
    clients.clear();
    pool.shutdownNow();
  }

  /** The result of one host's call: a value, or why there is none. */
  public record Outcome<T>(T value, Throwable error) {

    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(Throwable error) {
      return new Outcome<>(null, error);
    }

    public boolean ok() {
      return error == null;
    }

    public String errorMessage() {
      return error == null ? "" : error.getMessage() == null ? error.toString() : error.getMessage();
    }
  }
}
