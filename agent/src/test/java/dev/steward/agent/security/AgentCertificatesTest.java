package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/**
 * The agent's DER-encoded CSR and temporary certificate against what BouncyCastle's builders (the agent's
 * code before them, kept here verbatim) make for the same key, names, serial and times: the signed parts
 * must be byte for byte the same, and both must parse and verify with the JDK and with BouncyCastle.
 */
class AgentCertificatesTest {

  @Test
  void csrIsWhatBouncyCastleBuiltAndVerifies() throws Exception {
    KeyPair pair = TestCertificates.keyPair();
    byte[] ours = AgentTlsFiles.csr(pair);

    PKCS10CertificationRequest parsed = new PKCS10CertificationRequest(ours);
    assertThat(parsed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic()))).isTrue();
    PKCS10CertificationRequest old = new JcaPKCS10CertificationRequestBuilder(
        new X500Name("CN=steward-agent,OU=steward-agent"), pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    assertThat(parsed.toASN1Structure().getCertificationRequestInfo().getEncoded())
        .isEqualTo(old.toASN1Structure().getCertificationRequestInfo().getEncoded());
    assertThat(parsed.getSignatureAlgorithm()).isEqualTo(old.getSignatureAlgorithm());
    assertThat(parsed.getSubject()).isEqualTo(new X500Name("CN=steward-agent,OU=steward-agent"));
    assertThat(parsed.getAttributes()).isEmpty();
    assertThat(new JcaPKCS10CertificationRequest(ours).getPublicKey()).isEqualTo(pair.getPublic());

    assertThat(AgentCertificates.csrPublicKey(ours)).isEqualTo(pair.getPublic());
    assertThat(AgentCertificates.csrPublicKey(old.getEncoded())).isEqualTo(pair.getPublic());
  }

  @Test
  void temporaryCertificateIsWhatBouncyCastleBuiltAndVerifies() throws Exception {
    KeyPair pair = TestCertificates.keyPair();
    Instant now = Instant.parse("2026-12-06T05:00:00.789Z");
    Instant from = now.minus(1, ChronoUnit.HOURS);
    Instant to = now.plus(3650, ChronoUnit.DAYS);
    BigInteger serial = new BigInteger("f3a1b2c3d4e5f60718", 16); // high bit set: needs a leading zero byte

    X509Certificate ours = AgentCertificates.selfSigned(pair, "steward-agent (not enrolled)",
        "steward-agent-pending", serial, from, to);
    X500Name name = new X500Name("CN=steward-agent (not enrolled),OU=steward-agent-pending");
    X509CertificateHolder old = new JcaX509v3CertificateBuilder(name, serial, Date.from(from), Date.from(to), name,
        pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));

    X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(ours.getEncoded()));
    jdk.verify(pair.getPublic());
    jdk.checkValidity(Date.from(now));
    assertThat(jdk.getVersion()).isEqualTo(3);
    assertThat(jdk.getSerialNumber()).isEqualTo(serial);
    assertThat(jdk.getSubjectX500Principal()).isEqualTo(jdk.getIssuerX500Principal());
    assertThat(jdk.getSubjectX500Principal().getName())
        .isEqualTo("OU=steward-agent-pending,CN=steward-agent (not enrolled)");
    assertThat(jdk.getNotBefore()).isEqualTo(Date.from(from.truncatedTo(ChronoUnit.SECONDS)));
    assertThat(jdk.getNotAfter()).isEqualTo(Date.from(to.truncatedTo(ChronoUnit.SECONDS)));
    assertThat(jdk.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(jdk.getCriticalExtensionOIDs()).isNull();
    assertThat(jdk.getNonCriticalExtensionOIDs()).isNull();
    assertThat(jdk.getPublicKey()).isEqualTo(pair.getPublic());

    X509CertificateHolder holder = new X509CertificateHolder(ours.getEncoded());
    assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic()))).isTrue();
    assertThat(holder.toASN1Structure().getTBSCertificate().getEncoded())
        .isEqualTo(old.toASN1Structure().getTBSCertificate().getEncoded());
    assertThat(holder.getExtensions()).isEqualTo(old.getExtensions());
  }

  @Test
  void timesAfter2049AreGeneralizedTime() throws Exception {
    KeyPair pair = TestCertificates.keyPair();
    Instant from = Instant.parse("2049-12-31T23:59:59Z");
    Instant to = Instant.parse("2050-01-01T00:00:01Z");
    X509Certificate ours = AgentCertificates.selfSigned(pair, "a", "b", BigInteger.ONE, from, to);
    X500Name name = new X500Name("CN=a,OU=b");
    X509CertificateHolder old = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(from), Date.from(to),
        name, pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    assertThat(ours.getTBSCertificate()).isEqualTo(old.toASN1Structure().getTBSCertificate().getEncoded());
    assertThat(ours.getNotAfter()).isEqualTo(Date.from(to));
  }

  @Test
  void longContentHasAMultiByteLength() {
    byte[] encoded = Der.utf8String("x".repeat(300));
    assertThat(encoded[0]).isEqualTo((byte) 0x0c);
    assertThat(encoded[1]).isEqualTo((byte) 0x82);
    assertThat(((encoded[2] & 0xff) << 8) | (encoded[3] & 0xff)).isEqualTo(300);
    assertThat(Der.oid("1.2.840.10045.4.3.2")).containsExactly(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03,
        0x02);
  }

  @Test
  void aTruncatedCsrIsRefused() throws Exception {
    byte[] csr = AgentTlsFiles.csr(TestCertificates.keyPair());
    byte[] truncated = java.util.Arrays.copyOf(csr, 40);
    assertThatThrownBy(() -> AgentCertificates.csrPublicKey(truncated)).isInstanceOf(IOException.class);
  }
}
