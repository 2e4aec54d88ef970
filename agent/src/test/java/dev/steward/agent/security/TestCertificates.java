package dev.steward.agent.security;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for the agent's pure security tests (the coordinator's CA lives in another module). */
final class TestCertificates {

  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  private TestCertificates() {
  }

  record Ca(KeyPair key, X509Certificate certificate) {

    X509Certificate issue(String subject, PublicKey key, Instant from, Instant to, String... usages) throws Exception {
      return build(new X500Name(certificate.getSubjectX500Principal().getName()), private_(), subject, key, from, to,
          false, usages);
    }

    private PrivateKey private_() {
      return key.getPrivate();
    }
  }

  static KeyPair keyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static Ca ca(String name) throws Exception {
    KeyPair key = keyPair();
    Instant now = Instant.now();
    X509Certificate certificate = build(new X500Name("CN=" + name), key.getPrivate(), "CN=" + name, key.getPublic(),
        now.minusSeconds(60), now.plusSeconds(86400), true);
    return new Ca(key, certificate);
  }

  static X509Certificate build(X500Name issuer, PrivateKey signer, String subject, PublicKey key, Instant from,
                               Instant to, boolean ca, String... usages) throws Exception {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), new X500Name(subject), key)
        .addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
    if (usages.length > 0) {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(List.of(usages).stream()
          .map(u -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(u))).toArray(KeyPurposeId[]::new)));
    }
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }
}
