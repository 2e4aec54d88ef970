package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.pki.Pem;
import dev.steward.coordinator.agent.AgentConnector;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.PkiLocation;
import dev.steward.coordinator.pki.TlsAgentConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import picocli.CommandLine.Option;

/**
 * {@code --cert FILE --key FILE [--ca FILE]}: call the agents as another identity than the
 * coordinator's own, e.g. an observer certificate from {@code steward ca issue-observer}. Needs
 * only that certificate, its key and the cluster CA's certificate (no CA key, no coordinator key).
 */
public final class ClientIdentityOptions {

  @Option(names = "--cert", paramLabel = "FILE",
      description = "Call the agents with this client certificate (PEM; e.g. an observer's from `steward ca "
          + "issue-observer`) instead of the coordinator's. With --key.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "The private key of --cert (PEM).")
  Path key;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "With --cert: the cluster CA's certificate (default: ca.crt in the PKI directory). The agents' "
          + "certificates are checked against it, their role, name and address, and their current serial when "
          + "the PKI directory holds hosts.json.")
  Path ca;

  boolean given() {
    return cert != null || key != null || ca != null;
  }

  /** The coordinator's own identity, or the one of --cert/--key; bad input (exit 2) before any host is asked. */
  AgentConnector connector(Inventory inventory, PkiOptions pki) {
    if (!given()) {
      return Connectors.forInventory(inventory, pki.option());
    }
    if (cert == null || key == null) {
      throw new ExitException(ExitCode.BAD_INPUT, "--cert and --key go together (--ca is optional)");
    }
    if (!inventory.agent().tls()) {
      throw new ExitException(ExitCode.BAD_INPUT, "--cert/--key need agent.tls: this inventory's agents serve "
          + "plaintext (the sandbox), where there are no certificates");
    }
    PkiDirectory directory = new PkiDirectory(PkiLocation.of(inventory, pki.option()));
    Path caFile = ca != null ? ca : directory.dir().resolve(PkiDirectory.CA_CERT);
    X509Certificate caCertificate = certificate(caFile, ca != null ? "--ca" : "the CA certificate (--ca)");
    X509Certificate certificate = certificate(cert, "--cert");
    PrivateKey privateKey;
    try {
      privateKey = Pem.ecPrivateKey(read(key, "--key"));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ExitException(ExitCode.BAD_INPUT, "--key " + key + " is not an EC private key in PEM: "
          + e.getMessage());
    }
    if (!keyMatches(privateKey, certificate)) {
      throw new ExitException(ExitCode.BAD_INPUT, "--key " + key + " is not the key of --cert " + cert);
    }
    return TlsAgentConnector.withIdentity(caCertificate, privateKey, certificate, directory);
  }

  private static X509Certificate certificate(Path file, String what) {
    try {
      return Pem.certificate(read(file, what));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ExitException(ExitCode.BAD_INPUT, what + " " + file + " is not a certificate in PEM: "
          + e.getMessage());
    }
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExitException(ExitCode.BAD_INPUT, what + " " + file + " cannot be read: " + e);
    }
  }

  /** Whether the certificate's key verifies what the private key signs. */
  static boolean keyMatches(PrivateKey privateKey, X509Certificate certificate) {
    try {
      byte[] probe = "steward-key-match".getBytes(StandardCharsets.UTF_8);
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
