package dev.steward.coordinator.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager for the coordinator's side of a connection: it judges agents' (server)
 * certificates with one method, whatever the JDK calls it through, and never trusts a client.
 */
abstract class ServerTrustManager extends X509ExtendedTrustManager {

  /** The one decision subclasses make. */
  abstract void checkServer(X509Certificate[] chain, String authType) throws CertificateException;

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkServer(chain, authType);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServer(chain, authType);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServer(chain, authType);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("the coordinator authenticates servers only");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }
}
