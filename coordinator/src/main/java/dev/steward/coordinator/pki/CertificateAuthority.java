package dev.steward.coordinator.pki;

import dev.steward.common.inventory.Addresses;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Role;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA: EC P-256 keys, SHA256withECDSA. It issues three kinds of certificates, each
 * with its role in the subject OU and in the extended key usage:
 *
 * <ul>
 *   <li>coordinator: OU steward-coordinator, clientAuth;
 *   <li>observer (read-only: logs): CN = a person's or tool's name, OU steward-observer, clientAuth;
 *   <li>agent: CN = the inventory host name, OU steward-agent, serverAuth, SAN = the host's
 *       address (IP or DNS) and its name.
 * </ul>
 *
 * Serials are random 128-bit positive numbers; validity starts five minutes back (clock skew).
 */
public final class CertificateAuthority {

  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration COORDINATOR_VALIDITY = Duration.ofDays(730);
  public static final Duration AGENT_VALIDITY = Duration.ofDays(365);
  static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final PrivateKey caKey;
  private final X509Certificate caCertificate;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CertificateAuthority(PrivateKey caKey, X509Certificate caCertificate, Clock clock) {
    this.caKey = caKey;
    this.caCertificate = caCertificate;
    this.clock = clock;
  }

  /** A key pair and its certificate. */
  public record Issued(KeyPair keyPair, X509Certificate certificate) {
  }

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JVM", e);
    }
  }

  /** A new self-signed CA for one cluster. */
  public static Issued createCa(String cluster, Clock clock) throws IOException {
    KeyPair pair = newKeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Steward")
        .addRDN(BCStyle.OU, "steward-ca").addRDN(BCStyle.CN, "Steward CA " + cluster).build();
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
      return new Issued(pair, sign(builder, pair.getPrivate()));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the CA: " + e.getMessage(), e);
    }
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The coordinator's client certificate, for a new key. */
  public Issued issueCoordinator(String name) throws IOException {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    return new Issued(pair, issue(new Spec(name, Role.COORDINATOR.organizationalUnit(), pair.getPublic(),
        now.minus(BACKDATE), now.plus(COORDINATOR_VALIDITY), List.of(), List.of(Certificates.CLIENT_AUTH))));
  }

  /** An observer's longest life: as long as the coordinator's own (there is no revocation of client certificates). */
  public static final Duration OBSERVER_MAX_VALIDITY = COORDINATOR_VALIDITY;

  /**
   * A read-only client certificate, for a new key: CN = {@code name}, OU steward-observer,
   * clientAuth. Agents let it read logs (and health) and nothing else.
   */
  public Issued issueObserver(String name, Duration validity) throws IOException {
    if (validity.isNegative() || validity.isZero() || validity.compareTo(OBSERVER_MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException("an observer certificate lives 1 to " + OBSERVER_MAX_VALIDITY.toDays()
          + " days, not " + validity.toDays());
    }
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    return new Issued(pair, issue(new Spec(name, Role.OBSERVER.organizationalUnit(), pair.getPublic(),
        now.minus(BACKDATE), now.plus(validity), List.of(), List.of(Certificates.CLIENT_AUTH))));
  }

  /** An agent's server certificate for the key of its CSR. */
  public X509Certificate issueAgent(String hostName, String address, PublicKey key) throws IOException {
    Instant now = clock.instant();
    List<String> names = new ArrayList<>();
    names.add(address);
    if (!hostName.equalsIgnoreCase(address)) {
      names.add(hostName);
    }
    return issue(new Spec(hostName, Role.AGENT.organizationalUnit(), key, now.minus(BACKDATE),
        now.plus(AGENT_VALIDITY), names, List.of(Certificates.SERVER_AUTH)));
  }

  /**
   * What goes into one certificate. Public so that tests can make the odd ones (expired,
   * wrong role, another CA's) through the same code.
   *
   * @param organizationalUnit the role OU, or null for none
   * @param subjectAlternativeNames IP literals become IP SANs, anything else DNS SANs
   * @param extendedKeyUsages OIDs ({@link Certificates#CLIENT_AUTH}, {@link Certificates#SERVER_AUTH})
   */
  public record Spec(String commonName, String organizationalUnit, PublicKey key, Instant notBefore, Instant notAfter,
                     List<String> subjectAlternativeNames, List<String> extendedKeyUsages) {
  }

  public X509Certificate issue(Spec spec) throws IOException {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Steward");
    if (spec.organizationalUnit() != null) {
      subject.addRDN(BCStyle.OU, spec.organizationalUnit());
    }
    subject.addRDN(BCStyle.CN, spec.commonName());
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(random),
          Date.from(spec.notBefore()), Date.from(spec.notAfter()), subject.build(), spec.key())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spec.key()))
          .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate));
      if (!spec.extendedKeyUsages().isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(spec.extendedKeyUsages().stream()
            .map(oid -> KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid)))
            .toArray(KeyPurposeId[]::new)));
      }
      if (!spec.subjectAlternativeNames().isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(spec.subjectAlternativeNames()
            .stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new)));
      }
      return sign(builder, caKey);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot issue a certificate for " + spec.commonName() + ": " + e.getMessage(), e);
    }
  }

  /** An IP SAN exactly when the inventory calls the text an IP literal, so the agent's check finds it there. */
  static GeneralName generalName(String name) {
    return Addresses.isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
        : new GeneralName(GeneralName.dNSName, name);
  }

  private static BigInteger serial(SecureRandom random) {
    // 128 random bits, positive and never zero (RFC 5280: at most 20 octets, positive)
    return new BigInteger(128, random).setBit(127);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder(SIGNATURE).build(key)));
  }
}
