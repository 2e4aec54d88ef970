package dev.steward.agent.security;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.time.Instant;

/**
 * The agent's PKCS#10 CSR (RFC 2986) and its temporary self-signed X.509 v3 certificate (RFC 5280), both
 * signed SHA256withECDSA by the JDK, encoded by {@link Der}. They are byte for byte what BouncyCastle's
 * builders made for the same input (AgentCertificatesTest compares them), without BouncyCastle on the
 * agent's class path.
 *
 * <p>Names are a CN and an OU, in that order, as UTF8Strings; neither the CSR nor the certificate carries
 * attributes or extensions (the coordinator's CA sets those in the certificate it issues).
 */
final class AgentCertificates {

  static final String SIGNATURE = "SHA256withECDSA";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String ORGANIZATIONAL_UNIT = "2.5.4.11";

  private AgentCertificates() {
  }

  /** A CSR for the pair's public key, signed with its private key: DER. */
  static byte[] csr(KeyPair pair, String commonName, String organizationalUnit) throws GeneralSecurityException {
    byte[] info = Der.sequence(
        Der.integer(0),
        name(commonName, organizationalUnit),
        pair.getPublic().getEncoded(),
        Der.contextConstructed(0)); // attributes: none
    return signed(info, pair.getPrivate());
  }

  /** A self-signed v3 certificate without extensions, valid {@code notBefore..notAfter} (to the second). */
  static X509Certificate selfSigned(KeyPair pair, String commonName, String organizationalUnit, BigInteger serial,
                                    Instant notBefore, Instant notAfter) throws GeneralSecurityException {
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException("a certificate's serial is positive");
    }
    byte[] name = name(commonName, organizationalUnit);
    byte[] tbs = Der.sequence(
        Der.contextConstructed(0, Der.integer(2)), // version v3
        Der.integer(serial),
        algorithm(),
        name,
        Der.sequence(Der.time(notBefore), Der.time(notAfter)),
        name,
        pair.getPublic().getEncoded());
    byte[] der = signed(tbs, pair.getPrivate());
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
  }

  /** The public key a CSR (DER) holds; its signature is not checked (the agent reads back its own CSR). */
  static PublicKey csrPublicKey(byte[] csr) throws IOException, GeneralSecurityException {
    Der.Reader info = new Der.Reader(csr).enter(Der.SEQUENCE).enter(Der.SEQUENCE);
    info.enter(Der.INTEGER); // version
    info.enter(Der.SEQUENCE); // subject
    byte[] subjectPublicKeyInfo = info.nextElement();
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
  }

  private static byte[] signed(byte[] body, PrivateKey key) throws GeneralSecurityException {
    Signature signer = Signature.getInstance(SIGNATURE);
    signer.initSign(key);
    signer.update(body);
    return Der.sequence(body, algorithm(), Der.bitString(signer.sign()));
  }

  private static byte[] algorithm() {
    return Der.sequence(Der.oid(ECDSA_WITH_SHA256)); // parameters absent (RFC 5758 3.2)
  }

  private static byte[] name(String commonName, String organizationalUnit) {
    return Der.sequence(
        Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))),
        Der.set(Der.sequence(Der.oid(ORGANIZATIONAL_UNIT), Der.utf8String(organizationalUnit))));
  }
}
