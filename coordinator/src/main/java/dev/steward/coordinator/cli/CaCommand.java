package dev.steward.coordinator.cli;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.EnrollmentTokens;
import dev.steward.common.pki.Fingerprints;
import dev.steward.common.pki.Pem;
import dev.steward.common.pki.Role;
import dev.steward.coordinator.DurableFiles;
import dev.steward.coordinator.pki.CertificateAuthority;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.TokenRecord;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ca", mixinStandardHelpOptions = true,
    description = "The cluster's certificate authority, on this machine only (docs/security.md).",
    subcommands = {CaCommand.Init.class, CaCommand.Token.class, CaCommand.RenewCoordinator.class,
        CaCommand.IssueObserver.class})
final class CaCommand {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create the cluster CA and the coordinator's certificate (keys 0600). Never overwrites a CA.",
          "Exit code: 0 created (or exists, with --exist-ok), 2 a CA exists already or bad input, 1 failure."})
  static final class Init implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @Option(names = "--exist-ok", description = "A CA that exists already is fine (exit 0, nothing changes).")
    boolean existOk;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      PkiDirectory pki = pkiOptions.directory(inventory);
      try {
        PkiDirectory.Credentials created = pki.init(inventory.cluster(), Clock.systemUTC());
        spec.commandLine().getOut().println("created the CA of cluster " + inventory.cluster() + " in " + pki.dir()
            + " (CA fingerprint " + Fingerprints.of(created.ca().getPublicKey()) + ")");
        spec.commandLine().getOut().println("next: `steward ca token -i INVENTORY --host HOST` for each host, "
            + "then `steward enroll -i INVENTORY HOST --token TOKEN`");
        return ExitCode.OK;
      } catch (FileAlreadyExistsException e) {
        if (existOk) {
          spec.commandLine().getOut().println("a CA exists already in " + pki.dir() + ": nothing changed");
          return ExitCode.OK;
        }
        throw new ExitException(ExitCode.BAD_INPUT, "a CA exists already in " + pki.dir() + ": it is never "
            + "overwritten (every enrolled agent trusts it). Use --exist-ok in scripts, or --pki DIR for a new one");
      }
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = {"Make a one-time enrollment token and print it (only it, for scripts). Hand it to the agent "
          + "out of band (steward-agent --enroll-token-file), then run `steward enroll HOST --token TOKEN`. Only "
          + "its SHA-256 is kept.",
          "Exit code: 0 printed, 2 bad input (no CA, unknown host, bad --ttl)."})
  static final class Token implements Callable<Integer> {

    static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @Option(names = "--host", paramLabel = "NAME", description = "Only this inventory host may enroll with it.")
    String host;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
        description = "How long it is valid: 90s, 30m, 1h, 2d (default ${DEFAULT-VALUE}, at most 30d).")
    String ttl;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      Duration lifetime = parseTtl(ttl);
      if (host != null) {
        PkiOptions.host(inventory, host);
      }
      PkiDirectory pki = pkiOptions.existing(inventory);
      String token = EnrollmentTokens.generate(new SecureRandom());
      Instant now = Instant.now();
      TokenRecord record = new TokenRecord(EnrollmentTokens.hash(token), now, now.plus(lifetime), host, null, null);
      pki.updateTokens(tokens -> new PkiDirectory.Tokens(append(tokens, record)));
      spec.commandLine().getOut().println(token);
      return ExitCode.OK;
    }

    private static java.util.List<TokenRecord> append(PkiDirectory.Tokens tokens, TokenRecord record) {
      java.util.List<TokenRecord> all = new java.util.ArrayList<>(tokens.tokens());
      all.add(record);
      return all;
    }

    static Duration parseTtl(String text) {
      Matcher m = TTL.matcher(text.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--ttl " + text + " is not a duration: write e.g. 90s, 30m, 1h or 2d");
      }
      long amount = Long.parseLong(m.group(1));
      Duration duration = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      if (duration.isZero() || duration.compareTo(MAX_TTL) > 0) {
        throw new ExitException(ExitCode.BAD_INPUT, "--ttl " + text + " must be more than 0 and at most 30d: a token "
            + "is meant to be used soon");
      }
      return duration;
    }
  }

  @Command(name = "renew-coordinator", mixinStandardHelpOptions = true,
      description = {"Give the coordinator a new key and certificate (rotation). Agents accept it at once: they "
          + "trust any coordinator certificate of the cluster CA. The old one stays valid until it expires "
          + "(see docs/security.md on revoking a coordinator).",
          "Exit code: 0 renewed, 2 no CA, 1 failure."})
  static final class RenewCoordinator implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      PkiDirectory pki = pkiOptions.existing(inventory);
      PkiDirectory.Credentials renewed = pki.renewCoordinator(inventory.cluster(), Clock.systemUTC());
      spec.commandLine().getOut().println("new coordinator certificate " + Certificates.describe(
          renewed.coordinatorCertificate()) + ", valid until " + renewed.coordinatorCertificate().getNotAfter()
          .toInstant());
      return ExitCode.OK;
    }
  }

  @Command(name = "issue-observer", mixinStandardHelpOptions = true,
      description = {"Issue a read-only certificate from the cluster CA: NAME.crt and NAME.key (0600) in PEM, role "
          + "steward-observer. Agents let it read logs (`steward logs --cert NAME.crt --key NAME.key --ca ca.crt`) "
          + "and nothing else. Hand the holder those two files and the CA's ca.crt, never ca.key or "
          + "coordinator.key. There is no revocation: keep --days short.",
          "Exit code: 0 issued, 2 bad input (no CA, a bad name or --days, the files exist already), 1 failure."})
  static final class IssueObserver implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Mixin
    PkiOptions pkiOptions;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "NAME",
        description = "Who holds it (the certificate's CN and the files' name): letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
        description = "Where NAME.crt and NAME.key go (default: the current directory). Never overwritten.")
    java.nio.file.Path out;

    @Option(names = "--days", paramLabel = "N", defaultValue = "90",
        description = "How long it is valid (default ${DEFAULT-VALUE}, at most 730).")
    int days;

    @Override
    public Integer call() throws IOException {
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      if (!NAME.matcher(name).matches()) {
        throw new ExitException(ExitCode.BAD_INPUT, "observer name " + name + ": use 1-64 letters, digits, '.', '_' "
            + "or '-', starting with a letter or digit (it names the files)");
      }
      if (days < 1 || days > CertificateAuthority.OBSERVER_MAX_VALIDITY.toDays()) {
        throw new ExitException(ExitCode.BAD_INPUT, "--days " + days + " must be 1.."
            + CertificateAuthority.OBSERVER_MAX_VALIDITY.toDays());
      }
      java.nio.file.Path certFile = out.resolve(name + ".crt");
      java.nio.file.Path keyFile = out.resolve(name + ".key");
      for (java.nio.file.Path file : java.util.List.of(certFile, keyFile)) {
        if (java.nio.file.Files.exists(file)) {
          throw new ExitException(ExitCode.BAD_INPUT, file + " exists already: it is never overwritten (remove it, "
              + "or use another --out or NAME)");
        }
      }
      PkiDirectory pki = pkiOptions.existing(inventory);
      CertificateAuthority.Issued issued = pki.authority(Clock.systemUTC()).ca()
          .issueObserver(name, Duration.ofDays(days));
      java.nio.file.Files.createDirectories(out);
      DurableFiles.write(keyFile, Pem.privateKey(issued.keyPair().getPrivate()), DurableFiles.Mode.OWNER_ONLY);
      DurableFiles.write(certFile, Pem.certificate(issued.certificate()), DurableFiles.Mode.WORLD_READABLE);
      spec.commandLine().getOut().println("issued observer certificate " + Certificates.describe(issued.certificate())
          + " (role " + Role.OBSERVER.organizationalUnit() + ", valid until " + issued.certificate().getNotAfter()
          .toInstant() + "): " + certFile + ", " + keyFile);
      spec.commandLine().getOut().println("it may read logs only: `steward logs -i INVENTORY --cert " + certFile
          + " --key " + keyFile + " --ca " + pki.dir().resolve(PkiDirectory.CA_CERT) + " HOST SERVICE`");
      return ExitCode.OK;
    }
  }

  private CaCommand() {
  }

  static String hosts(Inventory inventory) {
    return String.join(", ", inventory.hosts().stream().map(HostSpec::name).toList());
  }
}
