package dev.steward.coordinator.ensemble;

import dev.steward.coordinator.probe.ZooKeeperSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;

/**
 * The membership calls, and nothing else, over {@link ZooKeeperAdmin} as Steward's superuser:
 * read the configuration ZooKeeper holds, add one participant, remove one. Each change names the
 * version it was planned from, so a change someone else made meanwhile fails it instead of being
 * overwritten.
 */
public final class EnsembleAdmin implements AutoCloseable {

  /** How long a lost connection is waited out before a call gives up. */
  static final Duration RECONNECT = Duration.ofSeconds(30);

  private final ZooKeeperAdmin admin;

  private EnsembleAdmin(ZooKeeperAdmin admin) {
    this.admin = admin;
  }

  /** The membership ZooKeeper holds, read without credentials (everyone may read it). */
  public static EnsembleConfig readConfig(String connectString, Duration timeout) throws IOException {
    try (EnsembleAdmin reader = connect(connectString, null, timeout)) {
      return reader.config();
    }
  }

  /**
   * Connects and authenticates ({@code superuser} null: reads only); throws if no member answers
   * within {@code timeout}.
   */
  public static EnsembleAdmin connect(String connectString, ZooKeeperSuperuser superuser, Duration timeout)
      throws IOException {
    ZooKeeperAdmin admin = ZooKeeperSessions.connect(ZooKeeperAdmin::new, connectString, timeout);
    if (superuser != null) {
      admin.addAuthInfo("digest", superuser.authInfo());
    }
    return new EnsembleAdmin(admin);
  }

  /**
   * The membership as the quorum last committed it: a sync first, so that the member this session
   * happens to be connected to is not behind. A lost connection is waited out (the client moves to
   * another member) for up to {@link #RECONNECT}.
   */
  public EnsembleConfig config() throws IOException {
    long deadline = System.nanoTime() + RECONNECT.toNanos();
    while (true) {
      try {
        CountDownLatch synced = new CountDownLatch(1);
        admin.sync("/zookeeper/config", (rc, path, ctx) -> synced.countDown(), null);
        if (!synced.await(RECONNECT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IOException("ZooKeeper did not answer a sync within " + RECONNECT.toSeconds() + "s");
        }
        return EnsembleConfig.parse(new String(admin.getConfig(false, new Stat()), StandardCharsets.UTF_8));
      } catch (KeeperException.ConnectionLossException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("reading /zookeeper/config: no member answered within " + RECONNECT.toSeconds()
              + "s", e);
        }
        pause();
      } catch (KeeperException e) {
        throw new IOException("reading /zookeeper/config: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** Commits {@code member} as a voter; it must already run and follow the leader. */
  public EnsembleConfig add(EnsembleMember member, EnsembleConfig plannedFrom) throws IOException {
    List<Integer> expected = new java.util.ArrayList<>(plannedFrom.ids());
    expected.add(member.id());
    return reconfigure(List.of(member.configLine()), List.of(), plannedFrom, expected, "adding " + member.describe());
  }

  /** Commits {@code member}'s departure; the others stop counting on it. */
  public EnsembleConfig remove(EnsembleMember member, EnsembleConfig plannedFrom) throws IOException {
    List<Integer> expected = plannedFrom.ids().stream().filter(id -> id != member.id()).toList();
    return reconfigure(List.of(), List.of(String.valueOf(member.id())), plannedFrom, expected,
        "removing " + member.describe());
  }

  private EnsembleConfig reconfigure(List<String> joining, List<String> leaving, EnsembleConfig plannedFrom,
      List<Integer> expected, String what) throws IOException {
    try {
      byte[] committed = admin.reconfigure(joining.isEmpty() ? null : joining, leaving.isEmpty() ? null : leaving,
          null, plannedFrom.versionNumber(), new Stat());
      return EnsembleConfig.parse(new String(committed, StandardCharsets.UTF_8));
    } catch (KeeperException.NoAuthException e) {
      throw new IOException(what + ": ZooKeeper refused Steward's superuser; the members do not run with its "
          + "digest (zookeeper.DigestAuthenticationProvider.superDigest): apply the enable-reconfig step first", e);
    } catch (KeeperException.ReconfigDisabledException e) {
      throw new IOException(what + ": the ensemble runs without reconfigEnabled=true: apply the enable-reconfig "
          + "step first", e);
    } catch (KeeperException.BadVersionException e) {
      throw new IOException(what + ": the membership changed since it was read (version " + plannedFrom.version()
          + "); plan again", e);
    } catch (KeeperException.NewConfigNoQuorum e) {
      throw new IOException(what + ": the new configuration has no quorum of synced members yet (is the new "
          + "member running and following the leader?)", e);
    } catch (KeeperException.ConnectionLossException e) {
      return afterLostAnswer(plannedFrom, expected, what);
    } catch (KeeperException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    }
  }

  /**
   * The answer to a reconfig was lost (typically: this session's member was the leader that was
   * just removed, and stepped down). Whether the change committed is read back, never assumed:
   * the configuration that follows the planned one must be exactly the expected members.
   */
  private EnsembleConfig afterLostAnswer(EnsembleConfig plannedFrom, List<Integer> expected, String what)
      throws IOException {
    long deadline = System.nanoTime() + RECONNECT.toNanos();
    while (true) {
      EnsembleConfig now = config();
      if (now.versionNumber() != plannedFrom.versionNumber()) {
        if (now.ids().equals(expected.stream().sorted().toList())) {
          return now;
        }
        throw new IOException(what + ": the answer was lost and the membership is now " + now.ids()
            + ", not " + expected + ": someone else changed it; plan again");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(what + ": the answer was lost and the membership is still version "
            + plannedFrom.version() + " after " + RECONNECT.toSeconds() + "s: nothing changed; run again");
      }
      pause();
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    ZooKeeperSessions.closeQuietly(admin);
  }
}
