package dev.steward.systemtest;

import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.HostFacts;
import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.TlsAgentConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The coordinator's own agent client, pointed at a lab host's agent at 10.77.0.1N:7443 over
 * mutual TLS with the coordinator certificate of the lab's PKI (lab.sh up enrolled every agent
 * with it), and the same trust checks as `steward` (CA, role, name, address, serial).
 */
final class AgentProbe implements AutoCloseable {

  private final AgentClient client;

  private AgentProbe(AgentClient client) {
    this.client = client;
  }

  static AgentProbe connect(Path pki, String host) throws Exception {
    HostSpec spec = new HostSpec(host, Lab.address(host), OptionalInt.empty(), OptionalInt.empty(), Lab.AGENT_PORT);
    return new AgentProbe(new AgentClient(host, new TlsAgentConnector(new PkiDirectory(pki)).connect(spec)));
  }

  HostFacts facts() {
    return client.facts(List.of("/var/lib/steward"));
  }

  /** Pushes {@code tgz} first when given, then applies; every ApplyEvent, the summary last. */
  List<ApplyEvent> apply(ApplyRequest request, Path tgz, String sha512) {
    if (tgz != null) {
      client.pushArtifact(tgz, sha512);
    }
    List<ApplyEvent> all = new ArrayList<>();
    client.apply(request, all::add);
    return all;
  }

  @Override
  public void close() {
    client.close();
  }
}
