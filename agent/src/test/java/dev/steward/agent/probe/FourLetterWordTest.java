package dev.steward.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.zookeeper.FourLetterWordParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FourLetterWordTest {

  /** Captured from ZooKeeper 3.8.4. */
  static final String SRVR_FOLLOWER = """
      Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
      Latency min/avg/max: 0/0.4615/3
      Received: 58
      Sent: 57
      Connections: 1
      Outstanding: 0
      Zxid: 0x100000004
      Mode: follower
      Node count: 5
      """;

  static final String MNTR_LEADER = "zk_version\t3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC\n"
      + "zk_server_state\tleader\n"
      + "zk_znode_count\t5\n"
      + "zk_synced_followers\t2\n"
      + "zk_synced_non_voting_followers\t0\n"
      + "zk_pending_syncs\t0\n"
      + "zk_open_file_descriptor_count\t61\n";

  @Test
  void srvrGivesValuesAndMode() {
    FourLetterWordParser.Parsed parsed = FourLetterWordParser.parse("srvr", SRVR_FOLLOWER);
    assertThat(parsed.mode()).isEqualTo("follower");
    assertThat(parsed.values()).containsEntry("Zxid", "0x100000004").containsEntry("Node count", "5");
    assertThat(parsed.error()).isEmpty();
  }

  @Test
  void mntrGivesTabSeparatedValuesAndMode() {
    FourLetterWordParser.Parsed parsed = FourLetterWordParser.parse("mntr", MNTR_LEADER);
    assertThat(parsed.mode()).isEqualTo("leader");
    assertThat(parsed.values()).containsEntry("zk_synced_followers", "2").containsEntry("zk_pending_syncs", "0");
  }

  @Test
  void aWordOutsideTheWhitelistIsAnErrorWithTheFix() {
    FourLetterWordParser.Parsed parsed = FourLetterWordParser.parse("mntr",
        "mntr is not executed because it is not in the whitelist.\n");
    assertThat(parsed.error()).contains("4lw.commands.whitelist");
    assertThat(parsed.mode()).isEmpty();
  }

  @Test
  void ruokAnswersImok() {
    assertThat(FourLetterWordParser.parse("ruok", "imok").error()).isEmpty();
    assertThat(FourLetterWordParser.parse("ruok", "imok").values()).containsEntry("ruok", "imok");
  }

  @Test
  void theClientSendsTheWordAndReadsUntilZooKeeperCloses() throws Exception {
    AtomicReference<String> received = new AtomicReference<>();
    try (ServerSocket fakeZooKeeper = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket client = fakeZooKeeper.accept()) {
          InputStream in = client.getInputStream();
          received.set(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
          OutputStream out = client.getOutputStream();
          out.write(SRVR_FOLLOWER.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      server.start();
      String answer = new FourLetterWordClient(2000).send(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), fakeZooKeeper.getLocalPort()), "srvr");
      server.join();
      assertThat(received.get()).isEqualTo("srvr");
      assertThat(answer).isEqualTo(SRVR_FOLLOWER);
    }
  }

  @Test
  void onlyAddressesOfThisHostMayBeProbed() {
    assertThat(LocalAddresses.requireLocal("address", "127.0.0.1").isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> LocalAddresses.requireLocal("address", "192.0.2.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address of this host");
    assertThatThrownBy(() -> LocalAddresses.requireLocal("address", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
