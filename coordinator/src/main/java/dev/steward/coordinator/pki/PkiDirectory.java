package dev.steward.coordinator.pki;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.steward.common.pki.Pem;
import dev.steward.coordinator.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A cluster's PKI on the coordinator's machine (default {@code ~/.steward/pki/<cluster>},
 * mode 0700). Private keys and the token list are 0600; every write is atomic
 * ({@link DurableFiles}) and read-modify-writes hold a file lock, so two commands cannot lose each
 * other's changes.
 *
 * <pre>
 * ca.key, ca.crt                    the cluster CA (the key never leaves this directory)
 * coordinator.key, coordinator.crt  the coordinator's client certificate (role steward-coordinator)
 * tokens.json                       SHA-256 of each one-time token, expiry, host binding, use
 * hosts.json                        every certificate issued to a host: serial, fingerprint, expiry, revocation
 * </pre>
 */
public final class PkiDirectory {

  public static final String CA_KEY = "ca.key";
  public static final String CA_CERT = "ca.crt";
  public static final String COORDINATOR_KEY = "coordinator.key";
  public static final String COORDINATOR_CERT = "coordinator.crt";
  public static final String TOKENS = "tokens.json";
  public static final String HOSTS = "hosts.json";
  private static final String LOCK = ".lock";

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  public PkiDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.exists(dir.resolve(CA_CERT)) || Files.exists(dir.resolve(CA_KEY));
  }

  /** What is needed to talk to agents: the CA certificate and the coordinator's key and certificate. */
  public record Credentials(X509Certificate ca, PrivateKey coordinatorKey, X509Certificate coordinatorCertificate) {
  }

  /** The CA key too: only enrollment and `ca` commands need it. */
  public record Authority(CertificateAuthority ca, Credentials credentials) {
  }

  /**
   * Creates the CA and the coordinator's certificate.
   *
   * @throws FileAlreadyExistsException when a CA is already here (it is never overwritten)
   */
  public Credentials init(String cluster, Clock clock) throws IOException {
    if (exists()) {
      throw new FileAlreadyExistsException(dir.resolve(CA_CERT).toString(), null,
          "a CA already exists here; it is never overwritten");
    }
    createPrivateDirectory(dir);
    try (FileLock lock = lock()) {
      CertificateAuthority.Issued root = CertificateAuthority.createCa(cluster, clock);
      CertificateAuthority ca = new CertificateAuthority(root.keyPair().getPrivate(), root.certificate(), clock);
      CertificateAuthority.Issued coordinator = ca.issueCoordinator("steward-coordinator " + cluster);
      writePrivate(dir.resolve(CA_KEY), Pem.privateKey(root.keyPair().getPrivate()));
      writePrivate(dir.resolve(COORDINATOR_KEY), Pem.privateKey(coordinator.keyPair().getPrivate()));
      writePublic(dir.resolve(COORDINATOR_CERT), Pem.certificate(coordinator.certificate()));
      writePrivate(dir.resolve(TOKENS), JSON.writeValueAsString(new Tokens(List.of())));
      writePrivate(dir.resolve(HOSTS), JSON.writeValueAsString(new Hosts(List.of())));
      // last: the CA certificate is what makes the directory "initialized"
      writePublic(dir.resolve(CA_CERT), Pem.certificate(root.certificate()));
      return new Credentials(root.certificate(), coordinator.keyPair().getPrivate(), coordinator.certificate());
    }
  }

  /** A new coordinator key and certificate (rotation); the old one keeps working until it expires. */
  public Credentials renewCoordinator(String cluster, Clock clock) throws IOException {
    Authority authority = authority(clock);
    try (FileLock lock = lock()) {
      CertificateAuthority.Issued coordinator = authority.ca().issueCoordinator("steward-coordinator " + cluster);
      writePrivate(dir.resolve(COORDINATOR_KEY), Pem.privateKey(coordinator.keyPair().getPrivate()));
      writePublic(dir.resolve(COORDINATOR_CERT), Pem.certificate(coordinator.certificate()));
      return new Credentials(authority.credentials().ca(), coordinator.keyPair().getPrivate(),
          coordinator.certificate());
    }
  }

  public Credentials credentials() throws IOException {
    requireInitialized();
    try {
      return new Credentials(Pem.certificate(read(CA_CERT)), Pem.ecPrivateKey(read(COORDINATOR_KEY)),
          Pem.certificate(read(COORDINATOR_CERT)));
    } catch (GeneralSecurityException e) {
      throw new IOException("the PKI in " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  public Authority authority(Clock clock) throws IOException {
    Credentials credentials = credentials();
    try {
      return new Authority(new CertificateAuthority(Pem.ecPrivateKey(read(CA_KEY)), credentials.ca(), clock),
          credentials);
    } catch (GeneralSecurityException e) {
      throw new IOException("the CA key in " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ tokens.json and hosts.json

  /** tokens.json. */
  public record Tokens(@JsonProperty("tokens") List<TokenRecord> tokens) {
    public Tokens {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }
  }

  /** hosts.json. */
  public record Hosts(@JsonProperty("hosts") List<EnrolledHost> hosts) {
    public Hosts {
      hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** The host's current certificate: its newest record that is not revoked. */
    public Optional<EnrolledHost> current(String name) {
      for (int i = hosts.size() - 1; i >= 0; i--) {
        EnrolledHost host = hosts.get(i);
        if (host.name().equals(name)) {
          return host.revoked() ? Optional.empty() : Optional.of(host);
        }
      }
      return Optional.empty();
    }

    /** The host's newest record, revoked or not. */
    public Optional<EnrolledHost> latest(String name) {
      for (int i = hosts.size() - 1; i >= 0; i--) {
        if (hosts.get(i).name().equals(name)) {
          return Optional.of(hosts.get(i));
        }
      }
      return Optional.empty();
    }
  }

  public Tokens tokens() throws IOException {
    requireInitialized();
    return JSON.readValue(read(TOKENS), Tokens.class);
  }

  public Hosts hosts() throws IOException {
    requireInitialized();
    return JSON.readValue(read(HOSTS), Hosts.class);
  }

  /** Read-modify-write of tokens.json under the lock; returns what was written. */
  public Tokens updateTokens(UnaryOperator<Tokens> change) throws IOException {
    requireInitialized();
    try (FileLock lock = lock()) {
      Tokens updated = change.apply(JSON.readValue(read(TOKENS), Tokens.class));
      writePrivate(dir.resolve(TOKENS), JSON.writeValueAsString(updated));
      return updated;
    }
  }

  /** Read-modify-write of hosts.json under the lock; returns what was written. */
  public Hosts updateHosts(UnaryOperator<Hosts> change) throws IOException {
    requireInitialized();
    try (FileLock lock = lock()) {
      Hosts updated = change.apply(JSON.readValue(read(HOSTS), Hosts.class));
      writePrivate(dir.resolve(HOSTS), JSON.writeValueAsString(updated));
      return updated;
    }
  }

  static <T> List<T> plus(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list);
    copy.add(element);
    return copy;
  }

  // ------------------------------------------------------------------ files

  private void requireInitialized() throws IOException {
    if (!Files.exists(dir.resolve(CA_CERT))) {
      throw new NoPkiException(dir);
    }
  }

  /** No CA in the directory: `steward ca init` was not run (for this PKI directory). */
  public static final class NoPkiException extends IOException {

    private static final long serialVersionUID = 1L;

    NoPkiException(Path dir) {
      super("no cluster CA in " + dir);
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private FileLock lock() throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      return new ClosingLock(channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Releases the lock and closes its channel. */
  private static final class ClosingLock extends FileLock {

    private final FileLock lock;

    ClosingLock(FileChannel channel, FileLock lock) {
      super(channel, lock.position(), lock.size(), lock.isShared());
      this.lock = lock;
    }

    @Override
    public boolean isValid() {
      return lock.isValid();
    }

    @Override
    public void release() throws IOException {
      try {
        lock.release();
      } finally {
        channel().close();
      }
    }
  }

  static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // not POSIX: nothing to tighten
    }
  }

  static void writePrivate(Path target, String content) throws IOException {
    DurableFiles.write(target, content, DurableFiles.Mode.OWNER_ONLY);
  }

  static void writePublic(Path target, String content) throws IOException {
    DurableFiles.write(target, content, DurableFiles.Mode.WORLD_READABLE);
  }
}
