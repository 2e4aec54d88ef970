package dev.steward.coordinator.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * For enrollment only: accepts whatever certificate the agent presents (a pending agent has
 * only a self-signed one) and remembers it. The agent is authenticated instead by its proof
 * (token) or its key fingerprint, and the enroller checks that the key of this certificate is
 * the key of the CSR, so the TLS session ends at the key holder.
 */
final class CapturingTrustManager extends X509ExtendedTrustManager {

  private final AtomicReference<X509Certificate> presented = new AtomicReference<>();

  X509Certificate presented() {
    return presented.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the agent presented no certificate");
    }
    presented.set(chain[0]);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("the coordinator authenticates servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
