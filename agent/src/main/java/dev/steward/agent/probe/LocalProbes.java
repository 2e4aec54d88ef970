package dev.steward.agent.probe;

import dev.steward.agent.service.ServiceController;
import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.ProbeBrokerRequest;
import dev.steward.agent.v1.ProbeBrokerResponse;
import dev.steward.agent.v1.ProbeZooKeeperRequest;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.zookeeper.FourLetterWordParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Health probes of this host's own ZooKeeper and broker, for the coordinator's gates. */
public final class LocalProbes {

  static final int TIMEOUT_MILLIS = 2_000;

  private final FourLetterWordClient fourLetterWords;
  private final ServiceController services;

  public LocalProbes(ServiceController services) {
    this(new FourLetterWordClient(TIMEOUT_MILLIS), services);
  }

  LocalProbes(FourLetterWordClient fourLetterWords, ServiceController services) {
    this.fourLetterWords = fourLetterWords;
    this.services = services;
  }

  /**
   * @throws IllegalArgumentException for a non-local address, a bad port or a missing command
   */
  public ProbeZooKeeperResponse probeZooKeeper(ProbeZooKeeperRequest request) {
    InetAddress address = LocalAddresses.requireLocal("address", request.getAddress());
    int port = LocalAddresses.requirePort("port", request.getPort());
    String word = word(request.getCommand());
    ProbeZooKeeperResponse.Builder response = ProbeZooKeeperResponse.newBuilder();
    String raw;
    try {
      raw = fourLetterWords.send(new InetSocketAddress(address, port), word);
    } catch (IOException e) {
      return response.setReachable(false)
          .setError("cannot talk to ZooKeeper at " + address.getHostAddress() + ":" + port + ": " + e.getMessage())
          .build();
    }
    FourLetterWordParser.Parsed parsed = FourLetterWordParser.parse(word, raw);
    return response.setReachable(true)
        .setRaw(raw)
        .putAllValues(parsed.values())
        .setMode(parsed.mode())
        .setError(parsed.error())
        .build();
  }

  public ProbeBrokerResponse probeBroker(ProbeBrokerRequest request) {
    InetAddress address = LocalAddresses.requireLocal("address", request.getAddress());
    int port = LocalAddresses.requirePort("port", request.getPort());
    ProbeBrokerResponse.Builder response = ProbeBrokerResponse.newBuilder()
        .setService(services.status(ServiceName.SERVICE_NAME_KAFKA));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
      response.setListening(true);
    } catch (IOException e) {
      response.setListening(false).setError("nothing accepts connections on " + address.getHostAddress() + ":" + port
          + ": " + e.getMessage());
    }
    return response.build();
  }

  private static String word(FourLetterWord command) {
    return switch (command) {
      case FOUR_LETTER_WORD_SRVR -> "srvr";
      case FOUR_LETTER_WORD_MNTR -> "mntr";
      case FOUR_LETTER_WORD_RUOK -> "ruok";
      case FOUR_LETTER_WORD_STAT -> "stat";
      case FOUR_LETTER_WORD_CONF -> "conf";
      default -> throw new IllegalArgumentException(
          "command must be one of FOUR_LETTER_WORD_SRVR, _MNTR, _RUOK, _STAT, _CONF");
    };
  }
}
