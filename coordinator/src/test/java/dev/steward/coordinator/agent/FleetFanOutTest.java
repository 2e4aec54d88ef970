package dev.steward.coordinator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.GetServiceStatusResponse;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a fleet asks many hosts at once, against in-process agents: never more calls at a time than
 * the cap, and a host that never answers costs its deadline once, beside the others.
 */
class FleetFanOutTest {

  private final String prefix = "fanout-" + UUID.randomUUID() + "-";
  private final List<Server> servers = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  @AfterEach
  void stopAgents() {
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void neverMoreCallsAtOnceThanTheCap() throws Exception {
    Inventory inventory = inventory(80);
    int cap = FanOutLimits.MAX_CONCURRENT_CALLS;
    for (HostSpec host : inventory.hosts()) {
      // each call stays open until the cap has been reached once and 200 ms have passed, so that a
      // pool allowing more would have more open at the same moment
      startAgent(host, () -> {
        long until = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((mostInFlight.get() < cap || System.nanoTime() < until) && System.nanoTime() < giveUp) {
          sleep(5);
        }
      });
    }

    try (Fleet fleet = fleet(inventory, FanOutLimits.DEFAULT)) {
      Map<HostSpec, Fleet.Outcome<HostFacts>> answers = fleet.readEach(inventory.hosts(), agent -> agent.facts(List.of()));

      assertThat(answers.values()).allMatch(Fleet.Outcome::ok);
    }
    assertThat(mostInFlight.get()).as("calls open at the agents at the same moment").isEqualTo(cap);
  }

  @Test
  void aHostThatNeverAnswersCostsItsDeadlineOnceWhileTheOthersAnswer() throws Exception {
    Inventory inventory = inventory(5);
    Duration deadline = Duration.ofSeconds(1);
    startAgents(inventory, Set.of("h3"));

    long start = System.nanoTime();
    Map<HostSpec, Fleet.Outcome<String>> answers;
    try (Fleet fleet = fleet(inventory, new FanOutLimits(32, deadline))) {
      // three RPCs, each with the client's own 30 s deadline: the host's deadline bounds them all
      answers = fleet.readEach(inventory.hosts(), agent -> {
        agent.facts(List.of());
        agent.serviceStatus(ServiceName.SERVICE_NAME_KAFKA);
        return agent.facts(List.of()).getHostname();
      });
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcomeOf(answers, "h3").ok()).isFalse();
    assertThat(outcomeOf(answers, "h3").error()).isInstanceOfSatisfying(AgentCallException.class, e -> {
      assertThat(e.unreachable()).isTrue();
      assertThat(e.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(e.getMessage()).startsWith("h3: GetFacts failed: DEADLINE_EXCEEDED");
    });
    for (String host : List.of("h1", "h2", "h4", "h5")) {
      assertThat(outcomeOf(answers, host).value()).isEqualTo(host);
    }
    assertThat(took).isGreaterThanOrEqualTo(deadline.minusMillis(100)).isLessThan(deadline.multipliedBy(3));
  }

  @Test
  void hostsThatNeverAnswerWaitOutTheirDeadlinesTogetherNotOneAfterAnother() throws Exception {
    Inventory inventory = inventory(7);
    Duration deadline = Duration.ofSeconds(1);
    startAgents(inventory, Set.of("h2", "h4", "h6"));

    long start = System.nanoTime();
    Map<HostSpec, Fleet.Outcome<HostFacts>> answers;
    try (Fleet fleet = fleet(inventory, new FanOutLimits(32, deadline))) {
      answers = fleet.readEach(inventory.hosts(), agent -> agent.facts(List.of()));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answers.entrySet()).allMatch(e -> e.getValue().ok() == !Set.of("h2", "h4", "h6").contains(e.getKey().name()));
    assertThat(took).as("three silent hosts, one after another, would take 3 s").isLessThan(deadline.multipliedBy(3));
  }

  @Test
  void anAgentThatIsNotThereFailsAtOnceNotAfterTheDeadline() throws Exception {
    Inventory inventory = inventory(3);
    startAgent(inventory.host("h1").orElseThrow(), () -> { });
    startAgent(inventory.host("h2").orElseThrow(), () -> { });

    long start = System.nanoTime();
    Map<HostSpec, Fleet.Outcome<HostFacts>> answers;
    try (Fleet fleet = fleet(inventory, FanOutLimits.DEFAULT)) {
      answers = fleet.readEach(inventory.hosts(), agent -> agent.facts(List.of()));
    }

    assertThat(outcomeOf(answers, "h3").errorMessage()).startsWith("h3: GetFacts failed: UNAVAILABLE");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theDeadlineCountsFromWhenAHostsCallStartsNotFromWhenItWasQueued() throws Exception {
    Inventory inventory = inventory(3);
    for (HostSpec host : inventory.hosts()) {
      startAgent(host, () -> sleep(400));
    }

    try (Fleet fleet = fleet(inventory, new FanOutLimits(1, Duration.ofSeconds(1)))) {
      // one at a time: the third call starts 0.8 s in, and has its own second from there
      Map<HostSpec, Fleet.Outcome<HostFacts>> answers = fleet.readEach(inventory.hosts(), agent -> agent.facts(List.of()));

      assertThat(answers.values()).allMatch(Fleet.Outcome::ok);
    }
  }

  @Test
  void aCallThatFansOutAgainDoesNotWaitForItself() throws Exception {
    Inventory inventory = inventory(3);
    startAgents(inventory, Set.of());

    try (Fleet fleet = fleet(inventory, new FanOutLimits(1, Duration.ofSeconds(5)))) {
      Map<HostSpec, Fleet.Outcome<Integer>> answers = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> fleet.readEach(inventory.hosts(), agent -> fleet.readEach(inventory.hosts(),
              inner -> inner.facts(List.of())).size()));

      assertThat(answers.values()).allMatch(outcome -> outcome.ok() && outcome.value() == 3);
    }
  }

  private Fleet fleet(Inventory inventory, FanOutLimits limits) {
    return new Fleet(inventory, host -> InProcessChannelBuilder.forName(prefix + host.name()).build(), limits);
  }

  private static <T> Fleet.Outcome<T> outcomeOf(Map<HostSpec, Fleet.Outcome<T>> answers, String host) {
    return answers.entrySet().stream().filter(e -> e.getKey().name().equals(host)).findFirst().orElseThrow().getValue();
  }

  /** Every host's agent answers at once, except the silent ones, which never answer at all. */
  private void startAgents(Inventory inventory, Set<String> silent) throws IOException {
    for (HostSpec host : inventory.hosts()) {
      if (silent.contains(host.name())) {
        startSilentAgent(host);
      } else {
        startAgent(host, () -> { });
      }
    }
  }

  /** An agent that answers facts and service status after {@code work}, counting the calls it holds open. */
  private void startAgent(HostSpec host, Runnable work) throws IOException {
    servers.add(InProcessServerBuilder.forName(prefix + host.name())
        .addService(new HostServiceGrpc.HostServiceImplBase() {
          @Override
          public void getFacts(GetFactsRequest request, StreamObserver<GetFactsResponse> response) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              work.run();
            } finally {
              inFlight.decrementAndGet();
            }
            response.onNext(GetFactsResponse.newBuilder().setFacts(HostFacts.newBuilder().setHostname(host.name())).build());
            response.onCompleted();
          }
        })
        .addService(new ServiceControlServiceGrpc.ServiceControlServiceImplBase() {
          @Override
          public void getServiceStatus(GetServiceStatusRequest request, StreamObserver<GetServiceStatusResponse> response) {
            response.onNext(GetServiceStatusResponse.getDefaultInstance());
            response.onCompleted();
          }
        })
        .build().start());
  }

  /** Takes every call and never answers: a hung agent, or a host whose packets are dropped. */
  private void startSilentAgent(HostSpec host) throws IOException {
    servers.add(InProcessServerBuilder.forName(prefix + host.name())
        .addService(new HostServiceGrpc.HostServiceImplBase() {
          @Override
          public void getFacts(GetFactsRequest request, StreamObserver<GetFactsResponse> response) {
          }
        })
        .addService(new ServiceControlServiceGrpc.ServiceControlServiceImplBase() {
          @Override
          public void getServiceStatus(GetServiceStatusRequest request, StreamObserver<GetServiceStatusResponse> response) {
          }
        })
        .build().start());
  }

  /** h1..hN, ZooKeeper on the first three, a broker on each. */
  private static Inventory inventory(int hosts) throws Exception {
    StringBuilder yaml = new StringBuilder("cluster: fanout\nkafka: {version: 3.9.1}\nhosts:\n");
    for (int i = 1; i <= hosts; i++) {
      yaml.append("  - {name: h").append(i).append(", address: 10.0.").append(i / 250).append('.').append(i % 250 + 1)
          .append(i <= 3 ? ", zookeeperId: " + i : "").append(", brokerId: ").append(i).append("}\n");
    }
    return new InventoryLoader(ValidationOptions.strict()).parse(yaml.toString(), null, "fanout.yaml").inventory();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
