package dev.steward.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

  private final RefusalLog log = new RefusalLog(256, Duration.ofMinutes(1));
  private final InetSocketAddress peer = new InetSocketAddress("192.0.2.7", 40000);

  @Test
  void theFirstRefusalIsLoggedAtOnceAndTheRestOfItsWindowInOneLine() {
    assertThat(log.refused(peer)).hasValueSatisfying(line -> assertThat(line)
        .contains("refused a connection from 192.0.2.7:40000", "256 connections are open", "every 60s"));
    assertThat(log.refused(peer)).isEmpty();
    assertThat(log.refused(peer)).isEmpty();

    assertThat(log.windowEnded()).hasValueSatisfying(line -> assertThat(line)
        .isEqualTo("refused 2 more connections in the last 60s: 256 connections are open, the most the agent accepts"));
  }

  @Test
  void aFloodGivesOneLinePerWindowAndAQuietWindowEndsIt() {
    log.refused(peer);
    log.refused(peer);
    assertThat(log.windowEnded()).as("the flood goes on: the next window is open").isPresent();
    assertThat(log.refused(peer)).isEmpty();
    assertThat(log.windowEnded()).hasValueSatisfying(line -> assertThat(line).startsWith("refused 1 more connection "));

    assertThat(log.windowEnded()).as("a window without refusals").isEmpty();
    assertThat(log.refused(peer)).as("logged at once again").isPresent();
  }

  @Test
  void aWindowWithOnlyItsFirstRefusalSaysNothingMore() {
    log.refused(peer);
    assertThat(log.windowEnded()).isEmpty();
  }
}
