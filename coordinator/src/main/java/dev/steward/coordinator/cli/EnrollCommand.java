package dev.steward.coordinator.cli;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.pki.EnrolledHost;
import dev.steward.coordinator.pki.Enroller;
import dev.steward.coordinator.pki.EnrollmentException;
import dev.steward.coordinator.pki.PkiDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "enroll", mixinStandardHelpOptions = true,
    description = {"Sign a host's agent certificate and install it: the agent made its own key and CSR, nothing "
        + "secret is copied. Authenticate the agent with the one-time token it was given, or with its key "
        + "fingerprint from its log; --renew gives an enrolled agent a new certificate. Ends with a mutual TLS call "
        + "to check the result.",
        "Exit code: 0 enrolled (or already enrolled), 1 failure (agent unreachable, refused, proof or fingerprint "
            + "mismatch), 2 bad input (no CA, unknown host, token unknown/used/expired/for another host)."})
final class EnrollCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOptions inventoryOptions;

  @Mixin
  PkiOptions pkiOptions;

  @Parameters(index = "0", paramLabel = "HOST", description = "The inventory host name.")
  String host;

  @ArgGroup(exclusive = true, multiplicity = "1")
  How how;

  /** Exactly one way to authenticate the agent. */
  static final class How {
    @Option(names = "--token", paramLabel = "TOKEN", description = "The token from `steward ca token` the agent holds.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from FILE (keeps it out of ps).")
    Path tokenFile;

    @Option(names = "--fingerprint", paramLabel = "SHA256:HEX",
        description = "The agent's key fingerprint, as its log shows it, checked on that host by you.")
    String fingerprint;

    @Option(names = "--renew", description = "A new certificate for an enrolled agent (same key).")
    boolean renew;
  }

  @Option(names = "--verify-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for the agent to serve mutual TLS after the install (default ${DEFAULT-VALUE}).")
  int verifyTimeoutSeconds;

  @Override
  public Integer call() throws IOException {
    Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
    if (!inventory.agent().tls()) {
      throw new ExitException(ExitCode.BAD_INPUT, "agent.tls is false in this inventory: its agents run without "
          + "TLS (sandbox) and need no enrollment");
    }
    HostSpec target = PkiOptions.host(inventory, host);
    PkiDirectory pki = pkiOptions.existing(inventory);
    Enroller.Method method = method();
    try {
      Enroller.Outcome outcome = new Enroller(pki, Clock.systemUTC(), Duration.ofSeconds(Math.max(1,
          verifyTimeoutSeconds))).enroll(target, method);
      EnrolledHost enrolled = outcome.host();
      spec.commandLine().getOut().println((outcome.alreadyEnrolled() ? host + " is already enrolled"
          : host + " enrolled (" + enrolled.method() + ")") + ": certificate serial " + enrolled.serial()
          + ", key " + enrolled.fingerprint() + ", valid until " + enrolled.notAfter()
          + (outcome.alreadyEnrolled() ? "" : "; mutual TLS checked"));
      return ExitCode.OK;
    } catch (EnrollmentException e) {
      throw new ExitException(e.badInput() ? ExitCode.BAD_INPUT : ExitCode.FAILURE, "enroll " + host + ": "
          + e.getMessage());
    }
  }

  private Enroller.Method method() {
    if (how.renew) {
      return new Enroller.Renew();
    }
    if (how.fingerprint != null) {
      return new Enroller.Fingerprint(how.fingerprint);
    }
    if (how.tokenFile != null) {
      try {
        return new Enroller.Token(Files.readString(how.tokenFile, StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new ExitException(ExitCode.BAD_INPUT, "--token-file " + how.tokenFile + " cannot be read: "
            + e.getMessage());
      }
    }
    return new Enroller.Token(how.token.trim());
  }
}
