package dev.steward.agent.security;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.PosixModes;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Fingerprints;
import dev.steward.common.pki.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The agent's TLS material under {@code <state-dir>/tls/} (mode 0700):
 *
 * <ul>
 *   <li>{@code agent.key}: its EC P-256 private key, PKCS#8 PEM, mode 0600, made on first
 *       start and never sent anywhere;
 *   <li>{@code agent.csr}: the CSR for that key (PEM);
 *   <li>{@code ca.crt}, {@code agent.crt}: the cluster CA and the agent's certificate, once
 *       enrolled ({@code agent.crt} is written last: it is what makes the agent enrolled).
 * </ul>
 */
public final class AgentTlsFiles {

  static final String KEY = "agent.key";
  static final String CSR = "agent.csr";
  static final String CERTIFICATE = "agent.crt";
  static final String CA = "ca.crt";
  private static final String SIGNATURE = AgentCertificates.SIGNATURE;

  private final Path dir;
  private final KeyPair keyPair;
  private final byte[] csrDer;

  private AgentTlsFiles(Path dir, KeyPair keyPair, byte[] csrDer) {
    this.dir = dir;
    this.keyPair = keyPair;
    this.csrDer = csrDer;
  }

  /** Where an agent with this state directory keeps its TLS files. */
  public static Path dirIn(Path stateDir) {
    return stateDir.resolve("tls");
  }

  /** True once a certificate was installed in {@code dir}. */
  public static boolean isEnrolled(Path dir) {
    return Files.exists(dir.resolve(CERTIFICATE));
  }

  /** Loads the key and CSR, making them on first use. */
  public static AgentTlsFiles open(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing to tighten
    }
    Path keyFile = dir.resolve(KEY);
    Path csrFile = dir.resolve(CSR);
    try {
      if (Files.exists(keyFile) && Files.exists(csrFile)) {
        PrivateKey privateKey = Pem.ecPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        List<byte[]> csrs = Pem.blocks(Files.readString(csrFile, StandardCharsets.US_ASCII), "CERTIFICATE REQUEST");
        if (csrs.size() != 1) {
          throw new IOException(csrFile + " holds no CSR: remove " + dir + " to make a new key (and enroll again)");
        }
        PublicKey publicKey = AgentCertificates.csrPublicKey(csrs.get(0));
        KeyPair pair = new KeyPair(publicKey, privateKey);
        requireMatchingPair(pair, keyFile, csrFile);
        return new AgentTlsFiles(dir, pair, csrs.get(0));
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      byte[] csr = csr(pair);
      AtomicFiles.write(keyFile, Pem.privateKey(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII),
          PosixModes.toPermissions(0600), temp -> { });
      AtomicFiles.write(csrFile, Pem.block("CERTIFICATE REQUEST", csr).getBytes(StandardCharsets.US_ASCII),
          PosixModes.toPermissions(0644), temp -> { });
      // A new key: any certificate left from an older key is useless.
      Files.deleteIfExists(dir.resolve(CERTIFICATE));
      return new AgentTlsFiles(dir, pair, csr);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load or create the agent's key in " + dir + ": " + e.getMessage()
          + " (remove the directory to start over with a new key, then enroll again)", e);
    }
  }

  public Path dir() {
    return dir;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public byte[] csrDer() {
    return csrDer.clone();
  }

  /** SHA256:... of the agent's public key: what the operator compares in fingerprint enrollment. */
  public String fingerprint() {
    return Fingerprints.of(keyPair.getPublic());
  }

  /** The installed certificate and CA, when enrolled. */
  public Optional<Enrolled> enrolled() throws IOException {
    Path certificate = dir.resolve(CERTIFICATE);
    Path ca = dir.resolve(CA);
    if (!Files.exists(certificate) || !Files.exists(ca)) {
      return Optional.empty();
    }
    try {
      X509Certificate leaf = Pem.certificate(Files.readString(certificate, StandardCharsets.US_ASCII));
      X509Certificate authority = Pem.certificate(Files.readString(ca, StandardCharsets.US_ASCII));
      if (!leaf.getPublicKey().equals(keyPair.getPublic())) {
        throw new IOException(certificate + " is not for this agent's key: remove it and enroll again");
      }
      return Optional.of(new Enrolled(leaf, authority));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read " + certificate + " or " + ca + ": " + e.getMessage(), e);
    }
  }

  /** Persists a verified certificate and its CA; the certificate last, so a crash leaves the agent pending. */
  public void install(X509Certificate certificate, X509Certificate ca) throws IOException {
    AtomicFiles.write(dir.resolve(CA), Pem.certificate(ca).getBytes(StandardCharsets.US_ASCII),
        PosixModes.toPermissions(0644), temp -> { });
    AtomicFiles.write(dir.resolve(CERTIFICATE), Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII),
        PosixModes.toPermissions(0644), temp -> { });
  }

  /**
   * A self-signed certificate for the agent's key, for TLS before enrollment. Nobody trusts it:
   * the coordinator authenticates a pending agent by its proof or fingerprint instead, and
   * checks that the key behind this certificate is the CSR's.
   */
  public X509Certificate temporaryCertificate() throws IOException {
    try {
      Instant now = Instant.now();
      return AgentCertificates.selfSigned(keyPair, "steward-agent (not enrolled)", "steward-agent-pending",
          new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), now.minus(1, ChronoUnit.HOURS),
          now.plus(3650, ChronoUnit.DAYS));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the temporary TLS certificate: " + e.getMessage(), e);
    }
  }

  static byte[] csr(KeyPair pair) throws GeneralSecurityException {
    return AgentCertificates.csr(pair, "steward-agent", "steward-agent");
  }

  private static void requireMatchingPair(KeyPair pair, Path keyFile, Path csrFile)
      throws GeneralSecurityException, IOException {
    byte[] probe = "steward-agent key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(SIGNATURE);
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(SIGNATURE);
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new IOException(keyFile + " and " + csrFile + " do not belong together: remove " + keyFile.getParent()
          + " to make a new key, then enroll again");
    }
  }

  /** The certificate and CA an enrolled agent uses. */
  public record Enrolled(X509Certificate certificate, X509Certificate ca) {

    public String describe() {
      return Certificates.describe(certificate) + ", valid until " + certificate.getNotAfter().toInstant();
    }
  }
}
