package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The nspawn lab (systemtest/lab.sh) for JUnit: {@link #open()} in {@code @BeforeAll} (skips or
 * fails per {@link LabGate}), {@link #close()} in {@code @AfterAll}, which always runs
 * {@code lab.sh down}, also after a failed up.
 */
final class Lab {

  static final List<String> HOSTS = List.of("h1", "h2", "h3");
  static final int AGENT_PORT = 7443;

  private final Path script;
  /** Whether `up` installs the agents; without, {@link #installAgents()} does it later. */
  private final boolean withAgents;
  private volatile boolean upAttempted;
  private volatile LabLock lock;
  private final Thread downAtExit = new Thread(() -> {
    try {
      close();
    } catch (Exception | AssertionError e) {
      System.err.println("lab down at exit failed: " + e);
    }
  }, "lab-down-at-exit");

  private Lab(Path script, boolean withAgents) {
    this.script = script;
    this.withAgents = withAgents;
  }

  /** Decides per -Dlab, then brings a fresh lab up (timed), its agents installed and enrolled. */
  static Lab open() throws Exception {
    return open(true);
  }

  /** The same with hosts that run no agent yet (a cluster built by hand first): {@link #installAgents()}. */
  static Lab openWithoutAgents() throws Exception {
    return open(false);
  }

  private static Lab open(boolean withAgents) throws Exception {
    LabGate gate = LabGate.here();
    switch (gate.decision()) {
      case SKIP -> Assumptions.abort(gate.reason());
      case FAIL -> Assertions.fail(gate.reason());
      case RUN -> { }
    }
    Path script = Path.of(System.getProperty("steward.lab.script", "lab.sh")).toAbsolutePath().normalize();
    Lab lab = new Lab(script, withAgents);
    try {
      lab.up();
    } catch (Exception | AssertionError e) {
      // the caller never gets the lab to close: whatever the failed up left goes now
      try {
        lab.close();
      } catch (Exception | AssertionError again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    return lab;
  }

  /** A fresh lab: whatever an earlier run left (a lab someone kept up, say) goes first. */
  void up() throws Exception {
    lock = LabLock.acquire();
    upAttempted = true;
    // A test JVM that is ended (a failsafe timeout, Ctrl-C) still takes the lab down.
    Runtime.getRuntime().addShutdownHook(downAtExit);
    long started = System.nanoTime();
    StewardCli.Run down = script(Duration.ofMinutes(3), "down");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    List<String> up = new ArrayList<>(withAgents ? List.of() : List.of("/usr/bin/env", "STEWARD_LAB_NO_AGENT=1"));
    up.addAll(List.of(script.toString(), "up"));
    StewardCli.Run run = StewardCli.run(up, Duration.ofMinutes(10), null);
    System.out.printf("lab up: %.1f s%n%s%n", seconds(started), run.stderr());
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  /** lab.sh agents: the agent .deb installed into every running host, and each enrolled. */
  void installAgents() throws Exception {
    StewardCli.Run agents = script(Duration.ofMinutes(5), "agents");
    System.out.println(agents.stderr());
    assertThat(agents.exitCode()).as(agents.toString()).isZero();
  }

  /** Copies a file of this machine into a host (lab.sh push). */
  void push(String host, Path file, String destination) throws Exception {
    StewardCli.Run push = script(Duration.ofMinutes(1), "push", host, file.toString(), destination);
    assertThat(push.exitCode()).as(push.toString()).isZero();
  }

  /** Always safe: removes whatever an up (even a failed one) left. */
  void close() throws Exception {
    if (!upAttempted) {
      return;
    }
    upAttempted = false;
    try {
      Runtime.getRuntime().removeShutdownHook(downAtExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook is running this
    }
    try {
      long started = System.nanoTime();
      StewardCli.Run down = script(Duration.ofMinutes(3), "down");
      System.out.printf("lab down: %.1f s%n%s%n", seconds(started), down.stderr());
      assertThat(down.exitCode()).as(down.toString()).isZero();
    } finally {
      LabLock held = lock;
      lock = null;
      if (held != null) {
        held.close();
      }
    }
  }

  /** Runs a command inside a host (as a transient unit of its systemd). */
  StewardCli.Run exec(String host, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("exec", host));
    args.addAll(List.of(command));
    return script(Duration.ofMinutes(5), args.toArray(String[]::new));
  }

  void cut(String host) throws Exception {
    StewardCli.Run cut = script(Duration.ofSeconds(30), "cut", host);
    assertThat(cut.exitCode()).as(cut.toString()).isZero();
  }

  void heal(String host) throws Exception {
    StewardCli.Run heal = script(Duration.ofSeconds(30), "heal", host);
    assertThat(heal.exitCode()).as(heal.toString()).isZero();
  }

  Path inventory() throws Exception {
    StewardCli.Run inventory = script(Duration.ofSeconds(30), "inventory");
    assertThat(inventory.exitCode()).as(inventory.toString()).isZero();
    Path path = Path.of(inventory.stdout().strip());
    assertThat(Files.isRegularFile(path)).as(path.toString()).isTrue();
    return path;
  }

  /** The lab's PKI (lab.sh up made its CA and enrolled every agent): where the coordinator certificate is. */
  Path pki() throws Exception {
    return inventory().getParent().resolve("pki");
  }

  static String address(String host) {
    return "10.77.0.1" + host.substring(1);
  }

  /** How a TCP connection attempt from the harness ended. */
  enum Reach { CONNECTED, REFUSED, UNREACHABLE }

  /**
   * REFUSED still proves the host answered (its kernel sent the reset); UNREACHABLE is a timeout
   * or no route (a cut host, or a port its firewall drops).
   */
  static Reach tcp(String address, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      return Reach.CONNECTED;
    } catch (ConnectException e) {
      // "Connection refused"; a NoRouteToHostException (ARP gave up) is not a ConnectException
      return Reach.REFUSED;
    } catch (SocketTimeoutException | NoRouteToHostException e) {
      return Reach.UNREACHABLE;
    } catch (IOException e) {
      return Reach.UNREACHABLE;
    }
  }

  private StewardCli.Run script(Duration timeout, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(script.toString()));
    argv.addAll(List.of(args));
    return StewardCli.run(argv, timeout, null);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
