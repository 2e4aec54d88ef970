package dev.steward.coordinator.pki;

import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.agent.AgentConnector;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Mutual TLS to agents: the coordinator's certificate as client certificate, and each agent
 * checked by an {@link AgentTrustManager} for its inventory host (CA chain, role, name and
 * address, current serial in hosts.json).
 */
public final class TlsAgentConnector implements AgentConnector {

  private final PkiDirectory pki;
  private final PkiDirectory.Credentials credentials;
  /** Whether hosts.json is read (the coordinator's PKI); false for an identity without it (an observer's). */
  private final boolean hostsJson;

  /** @throws IOException when the PKI is missing or damaged ({@link PkiDirectory.NoPkiException}) */
  public TlsAgentConnector(PkiDirectory pki) throws IOException {
    this(pki, pki.credentials(), true);
  }

  private TlsAgentConnector(PkiDirectory pki, PkiDirectory.Credentials credentials, boolean hostsJson) {
    this.pki = pki;
    this.credentials = credentials;
    this.hostsJson = hostsJson;
  }

  /**
   * Another client identity than the coordinator's own (an observer certificate, {@code --cert/--key}):
   * its key and certificate, and the cluster CA's certificate. Agents are checked against the CA,
   * role, name and address; and, when {@code pki} holds a hosts.json, against the current serial too.
   * Needs neither the CA key nor the coordinator's key.
   */
  public static TlsAgentConnector withIdentity(X509Certificate ca, PrivateKey key, X509Certificate certificate,
                                               PkiDirectory pki) {
    boolean hosts = java.nio.file.Files.isReadable(pki.dir().resolve(PkiDirectory.HOSTS))
        && java.nio.file.Files.exists(pki.dir().resolve(PkiDirectory.CA_CERT));
    return new TlsAgentConnector(pki, new PkiDirectory.Credentials(ca, key, certificate), hosts);
  }

  @Override
  public ManagedChannel connect(HostSpec host) {
    if (!hostsJson) {
      return ClientTls.channel(host.agentTarget(), credentials.coordinatorKey(), credentials.coordinatorCertificate(),
          new AgentTrustManager(credentials.ca(), host.name(), host.address(), null));
    }
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
