package dev.steward.coordinator.pki;

import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.agent.AgentConnector;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Mutual TLS to agents: the coordinator's certificate as client certificate, and each agent
 * checked by an {@link AgentTrustManager} for its inventory host (CA chain, role, name and
 * address, current serial in hosts.json).
 */
public final class TlsAgentConnector implements AgentConnector {

  private final PkiDirectory pki;
  private final PkiDirectory.Credentials credentials;

  /** @throws IOException when the PKI is missing or damaged ({@link PkiDirectory.NoPkiException}) */
  public TlsAgentConnector(PkiDirectory pki) throws IOException {
    this.pki = pki;
    this.credentials = pki.credentials();
  }

  @Override
  public ManagedChannel connect(HostSpec host) {
    if (currentOf(host).isEmpty()) {
      throw new IllegalStateException(host.name() + " is not enrolled (or was forgotten): run `steward enroll -i "
          + "INVENTORY " + host.name() + " --token TOKEN` (token from `steward ca token`), or with --fingerprint "
          + "from the agent's log");
    }
    AgentTrustManager trust = new AgentTrustManager(credentials.ca(), host.name(), host.address(),
        () -> currentOf(host));
    return ClientTls.channel(host.agentTarget(), credentials.coordinatorKey(), credentials.coordinatorCertificate(),
        trust);
  }

  private Optional<EnrolledHost> currentOf(HostSpec host) {
    try {
      return pki.hosts().current(host.name());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pki.dir().resolve(PkiDirectory.HOSTS), e);
    }
  }
}
