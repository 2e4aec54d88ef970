package dev.steward.coordinator.pki;

import dev.steward.agent.Agent;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.service.supervisor.SupervisorBackend;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.pki.EnrollmentTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real agent over real TLS on 127.0.0.1 (Netty, a free port), a real PKI in a temp
 * directory, and the helpers the security tests share.
 */
final class TlsAgentFixture implements AutoCloseable {

  final Path pkiDir;
  final Path root;
  /** The agent's --log-file (outside its root, as the sandbox's is): what `logs HOST agent` reads. */
  final Path agentLog;
  final PkiDirectory pki;
  Agent agent;
  HostSpec host;

  TlsAgentFixture(Path temp) throws IOException {
    this.pkiDir = temp.resolve("pki");
    this.root = Files.createDirectories(temp.resolve("host"));
    this.agentLog = temp.resolve("agent.log");
    this.pki = new PkiDirectory(pkiDir);
    pki.init("lab", Clock.systemUTC());
  }

  /** Starts (or restarts) the agent over the same root; a token makes it a token-mode agent. */
  TlsAgentFixture startAgent(Optional<String> token) throws IOException {
    if (agent != null) {
      agent.close();
    }
    int port = host == null ? 0 : host.agentPort();
    AgentConfig config = new AgentConfig(new InetSocketAddress("127.0.0.1", port), root,
        root.resolve("var/lib/steward"), AgentConfig.BackendChoice.SUPERVISOR, false, null,
        Path.of(System.getProperty("java.home")), 1024 * 1024, null, agentLog);
    agent = Agent.create(config, new Agent.Tls(new InetSocketAddress("127.0.0.1", port), token),
        SupervisorBackend::new, Clock.systemUTC()).start();
    host = new HostSpec("h1", "127.0.0.1", OptionalInt.of(1), OptionalInt.of(1), agent.server().port());
    return this;
  }

  /** What `steward ca token --host h1` does. */
  String newToken(String boundTo) throws IOException {
    String token = EnrollmentTokens.generate(new SecureRandom());
    Instant now = Instant.now();
    pki.updateTokens(tokens -> new PkiDirectory.Tokens(PkiDirectory.plus(tokens.tokens(),
        new TokenRecord(EnrollmentTokens.hash(token), now, now.plusSeconds(3600), boundTo, null, null))));
    return token;
  }

  Enroller enroller() {
    return new Enroller(pki, Clock.systemUTC(), java.time.Duration.ofSeconds(20));
  }

  /** Every file and directory under the agent's root with its content digest: "nothing changed" is equality. */
  Map<String, String> snapshot() {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String key = root.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          tree.put(key, "link -> " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(key, "dir " + Files.getPosixFilePermissions(path));
        } else {
          tree.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(path))) + " " + Files.getPosixFilePermissions(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return tree;
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
  }
}
