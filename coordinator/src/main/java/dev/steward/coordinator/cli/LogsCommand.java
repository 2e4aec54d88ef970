package dev.steward.coordinator.cli;

import dev.steward.agent.v1.LogLine;
import dev.steward.agent.v1.ReadLogsRequest;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.ServiceNames;
import dev.steward.common.service.Services;
import dev.steward.coordinator.agent.AgentCallException;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.AgentConnector;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Show a service's log on a host, streamed by its agent from the systemd journal (or, in the "
        + "sandbox, the supervisor's output file), following rotation. With --all-hosts, every host that runs the "
        + "service, merged by time, each line prefixed with its host.",
        "  steward logs -i INV HOST SERVICE [-f] [--since 10m] [--lines N]",
        "  steward logs -i INV HOST agent                  (the steward-agent's own log)",
        "  steward logs -i INV --cert NAME.crt --key NAME.key [--ca ca.crt] HOST SERVICE   (an observer's certificate)",
        "  steward logs -i INV --all-hosts SERVICE [-f] [--since 10m] [--lines N]",
        "Exit code: 0, 1 an agent could not be asked, 2 bad input (unknown host or service)."})
final class LogsCommand implements Callable<Integer> {

  /** How long --all-hosts holds a line to put the lines of every host in time order. */
  static final long MERGE_WINDOW_MILLIS = 300;
  private static final Pattern AGO = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Mixin
  PkiOptions pkiOptions;

  @Mixin
  ClientIdentityOptions identity;

  @Parameters(arity = "1..2", paramLabel = "HOST SERVICE",
      description = "The host (not with --all-hosts) and the service: zookeeper, kafka or kafka-connect; or agent, "
          + "the steward-agent's own log.")
  List<String> arguments;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only lines since then: an age (30s, 10m, 2h, 1d) or an instant (2026-12-06T01:00:00Z).")
  String since;

  @Option(names = {"-n", "--lines"}, paramLabel = "N",
      description = "The last N lines (per host) before following; default 10, or all lines --since selects.")
  Integer lines;

  @Option(names = "--all-hosts", description = "Every host that runs the service, merged by time, prefixed by host.")
  boolean allHosts;

  /**
   * The hosts to ask and the service (null: the agent's own log): checked against the inventory
   * before any host is contacted.
   */
  record Selection(List<HostSpec> hosts, ServiceDescriptor service) {
  }

  @Override
  public Integer call() throws Exception {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    Selection selection = select(inventory, arguments, allHosts);
    ReadLogsRequest request = request(selection.service(), since, lines, follow, Instant.now());
    AgentConnector connector = identity.connector(inventory, pkiOptions);
    PrintWriter out = spec.commandLine().getOut();
    boolean prefix = allHosts;
    int width = selection.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(0);
    BlockingQueue<Event> events = new ArrayBlockingQueue<>(10_000);
    List<AgentClient> clients = new ArrayList<>();
    List<Runnable> cancels = new ArrayList<>();
    try {
      for (HostSpec host : selection.hosts()) {
        ManagedChannel channel;
        try {
          channel = connector.connect(host);
        } catch (IllegalStateException e) {
          throw new ExitException(ExitCode.FAILURE, "logs " + host.name() + ": " + e.getMessage());
        }
        AgentClient client = new AgentClient(host.name(), channel);
        clients.add(client);
        cancels.add(client.readLogs(request, new AgentClient.LogLines() {
          @Override
          public void line(LogLine line) {
            put(events, new Event(host.name(), line, null, false));
          }

          @Override
          public void completed() {
            put(events, new Event(host.name(), null, null, true));
          }

          @Override
          public void failed(AgentCallException error) {
            put(events, new Event(host.name(), null, error, true));
          }
        }));
      }
      Thread hook = new Thread(() -> cancels.forEach(Runnable::run), "logs-cancel");
      Runtime.getRuntime().addShutdownHook(hook);
      Merger merger = new Merger(prefix ? MERGE_WINDOW_MILLIS : 0);
      int open = selection.hosts().size();
      List<String> failures = new ArrayList<>();
      while (open > 0 || merger.size() > 0) {
        Event event = open > 0 ? events.poll(50, TimeUnit.MILLISECONDS) : null;
        long now = System.currentTimeMillis();
        if (event != null) {
          if (event.done()) {
            open--;
            if (event.error() != null) {
              failures.add(event.error().getMessage());
              spec.commandLine().getErr().println("logs " + event.host() + ": " + event.error().getMessage());
            }
          } else {
            merger.add(event.host(), event.line(), now);
          }
        }
        // Without -f every stream ends, so several hosts' lines wait until all have: the merge is then
        // exact, where the window alone let a host whose agent answered late (a loaded machine)
        // print its earlier lines after another host's later ones.
        if (open > 0 && !follow && selection.hosts().size() > 1) {
          continue;
        }
        for (Merger.Held held : merger.due(open == 0 ? Long.MAX_VALUE : now)) {
          out.println(prefix ? pad(held.host(), width) + " | " + held.line().getText() : held.line().getText());
        }
      }
      out.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
      if (!failures.isEmpty()) {
        throw new ExitException(ExitCode.FAILURE, "logs: " + failures.size() + " of " + selection.hosts().size()
            + " host(s) could not be read");
      }
      return ExitCode.OK;
    } finally {
      cancels.forEach(Runnable::run);
      clients.forEach(AgentClient::close);
    }
  }

  private record Event(String host, LogLine line, AgentCallException error, boolean done) {
  }

  private static void put(BlockingQueue<Event> events, Event event) {
    try {
      events.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String pad(String host, int width) {
    return host + " ".repeat(Math.max(0, width - host.length()));
  }

  /** Which hosts and service the arguments name, or bad input naming what exists. Pure. */
  static Selection select(Inventory inventory, List<String> arguments, boolean allHosts) {
    List<String> args = arguments == null ? List.of() : arguments;
    String known = String.join(", ", Services.names()) + " or " + ServiceNames.AGENT_LOG;
    if (allHosts && args.size() != 1) {
      throw new ExitException(ExitCode.BAD_INPUT, "with --all-hosts name only the service (" + known + "), not a host");
    }
    if (!allHosts && args.size() != 2) {
      throw new ExitException(ExitCode.BAD_INPUT, "name a host and a service: steward logs -i INV HOST SERVICE "
          + "(or --all-hosts SERVICE)");
    }
    String serviceName = args.get(args.size() - 1);
    if (serviceName.equals(ServiceNames.AGENT_LOG)) {
      // every host runs an agent
      return new Selection(allHosts ? inventory.hosts() : List.of(PkiOptions.host(inventory, args.get(0))), null);
    }
    ServiceDescriptor service = Services.byName(serviceName).orElseThrow(() -> new ExitException(ExitCode.BAD_INPUT,
        "no service named " + serviceName + " (services: " + known + ")"));
    List<HostSpec> running = service.hosts(inventory);
    if (allHosts) {
      if (running.isEmpty()) {
        throw new ExitException(ExitCode.BAD_INPUT, "no host of the inventory runs " + serviceName);
      }
      return new Selection(running, service);
    }
    HostSpec host = PkiOptions.host(inventory, args.get(0));
    if (!service.runsOn(inventory, host)) {
      List<String> there = Services.on(inventory, host).stream().map(ServiceDescriptor::name).toList();
      throw new ExitException(ExitCode.BAD_INPUT, host.name() + " does not run " + serviceName + " (it runs: "
          + (there.isEmpty() ? "nothing" : String.join(", ", there)) + "; " + serviceName + " runs on: "
          + (running.isEmpty() ? "no host" : String.join(", ", running.stream().map(HostSpec::name).toList())) + ")");
    }
    return new Selection(List.of(host), service);
  }

  /** The agent request for the options; a null service asks for the agent's own log. Pure. */
  static ReadLogsRequest request(ServiceDescriptor service, String since, Integer lines, boolean follow, Instant now) {
    ReadLogsRequest.Builder request = ReadLogsRequest.newBuilder().setFollow(follow);
    if (service == null) {
      request.setAgent(true);
    } else {
      request.setService(service.id());
    }
    if (since != null) {
      request.setSinceUnixMillis(since(since, now).toEpochMilli());
    }
    if (lines != null) {
      if (lines < 1 || lines > 100_000) {
        throw new ExitException(ExitCode.BAD_INPUT, "--lines " + lines + " must be 1..100000");
      }
      request.setLines(lines);
    }
    return request.build();
  }

  /** "10m" (ago) or an ISO-8601 instant. Pure. */
  static Instant since(String text, Instant now) {
    Matcher m = AGO.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration ago = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return now.minus(ago);
    }
    try {
      Instant instant = Instant.parse(text);
      if (instant.isAfter(now)) {
        throw new ExitException(ExitCode.BAD_INPUT, "--since " + text + " is in the future");
      }
      return instant;
    } catch (DateTimeParseException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "--since " + text + ": give an age like 30s, 10m, 2h or 1d, or an "
          + "instant like 2026-12-06T01:00:00Z");
    }
  }

  /**
   * Puts the lines of several hosts in time order: with -f each line is held for the window after
   * it arrived, and the lines due are released oldest first (a host's own lines keep their order);
   * without -f the command releases them only once every host's stream has ended.
   * With a window of 0 every line is released at once. Pure.
   */
  static final class Merger {

    record Held(String host, LogLine line, long arrivedMillis, long sequence) {
    }

    private static final Comparator<Held> ORDER = Comparator.comparingLong((Held h) -> h.line().getUnixMicros())
        .thenComparingLong(Held::sequence);

    private final long windowMillis;
    private final PriorityQueue<Held> held = new PriorityQueue<>(ORDER);
    private final Map<String, Long> lastOfHost = new java.util.HashMap<>();
    private long sequence;

    Merger(long windowMillis) {
      this.windowMillis = windowMillis;
    }

    void add(String host, LogLine line, long nowMillis) {
      // a host's own lines stay in the order it sent them, even if a clock step makes time go back
      long micros = Math.max(line.getUnixMicros(), lastOfHost.getOrDefault(host, Long.MIN_VALUE));
      lastOfHost.put(host, micros);
      held.add(new Held(host, line.toBuilder().setUnixMicros(micros).build(), nowMillis, sequence++));
    }

    int size() {
      return held.size();
    }

    /** The lines to print now: while the oldest held line has waited its window, it goes. */
    List<Held> due(long nowMillis) {
      List<Held> out = new ArrayList<>();
      while (!held.isEmpty()) {
        Held oldest = held.peek();
        boolean waited = windowMillis == 0 || nowMillis - oldest.arrivedMillis() >= windowMillis;
        if (!waited) {
          break;
        }
        out.add(held.poll());
      }
      return out;
    }
  }
}
