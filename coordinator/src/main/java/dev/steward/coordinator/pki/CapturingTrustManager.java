package dev.steward.coordinator.pki;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For enrollment only: accepts whatever certificate the agent presents (a pending agent has
 * only a self-signed one) and remembers it. The agent is authenticated instead by its proof
 * (token) or its key fingerprint, and the enroller checks that the key of this certificate is
 * the key of the CSR, so the TLS session ends at the key holder.
 */
final class CapturingTrustManager extends ServerTrustManager {

  private final AtomicReference<X509Certificate> presented = new AtomicReference<>();

  X509Certificate presented() {
    return presented.get();
  }

  @Override
  void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the agent presented no certificate");
    }
    presented.set(chain[0]);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
