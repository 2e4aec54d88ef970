package dev.steward.coordinator.pki;

import dev.steward.common.pki.Certificates;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The coordinator's trust in one agent: the JDK's PKIX checks against the cluster CA (chain,
 * signature, validity, serverAuth), then {@link AgentIdentityCheck} against the inventory host
 * and hosts.json. Hostname checking is this class's job (the CN/SAN rules there), not the
 * URL's. A refusal fails the TLS handshake with a message that says what to do.
 */
public final class AgentTrustManager extends ServerTrustManager {

  private final X509TrustManager pkix;
  private final String hostName;
  private final String address;
  private final Supplier<Optional<EnrolledHost>> current;

  /**
   * @param current the host's current certificate, read at each handshake (a `hosts forget` takes effect at once);
   *     null when there is no hosts.json to read (an observer's machine): then role, name and address only
   */
  public AgentTrustManager(X509Certificate ca, String hostName, String address,
                           Supplier<Optional<EnrolledHost>> current) {
    this.pkix = pkixFor(ca);
    this.hostName = hostName;
    this.address = address;
    this.current = current;
  }

  static X509TrustManager pkixFor(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("steward-ca", ca);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X509TrustManager in this JVM");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up trust in the cluster CA: " + e.getMessage(), e);
    }
  }

  @Override
  void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("agent " + hostName + " presented no certificate");
    }
    if (AgentIdentityCheck.isPendingCertificate(chain[0])) {
      throw new CertificateException("agent " + hostName + " (" + address + ") is not enrolled yet: run `steward "
          + "enroll -i INVENTORY " + hostName + " --token TOKEN` (token from `steward ca token`) or with "
          + "--fingerprint (from the agent's log)");
    }
    try {
      pkix.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw new CertificateException("agent " + hostName + " (" + address + ") presented " + Certificates.describe(chain[0])
          + ", which is not valid under this cluster's CA (" + e.getMessage() + "): it may be enrolled with another "
          + "CA, or its certificate expired (`steward enroll " + hostName + " --renew`)", e);
    }
    List<String> problems = current == null ? AgentIdentityCheck.identityProblems(chain[0], hostName, address)
        : AgentIdentityCheck.problems(chain[0], hostName, address, current.get());
    if (!problems.isEmpty()) {
      throw new CertificateException("agent " + hostName + " (" + address + ") is not trusted: "
          + String.join("; ", problems));
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
