package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.ScratchDirectories;
import dev.steward.coordinator.backup.BackupException;
import dev.steward.coordinator.backup.ZooKeeperRestore;
import dev.steward.coordinator.gate.Gate;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, subcommands = RestoreCommand.ZooKeeperCommand.class,
    description = "Bring back what a backup holds.")
final class RestoreCommand {

  @Command(name = "zookeeper", mixinStandardHelpOptions = true,
      description = {"For when the ensemble's data is gone: check the archive (checksum, ZooKeeper's own replay, "
          + "cluster id against every broker's meta.properties, ZooKeeper version), then stop the brokers and the "
          + "ensemble, lay the data down on every member (the data it replaces is moved aside, never deleted), "
          + "start ZooKeeper, wait for a quorum, start the brokers and run a produce/consume check. "
          + "The cluster is down while it runs.",
          "Exit code: 0 restored, 1 failed, 2 bad input or not confirmed (nothing touched)."})
  static final class ZooKeeperCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup archive (.tar.gz); "
        + "its .sha512 file must be beside it.")
    Path archive;

    @Option(names = "--dry-run", description = "Run every check and print the steps; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation (scripts; a terminal is asked otherwise).")
    boolean yes;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      Path work = null;
      try (ClusterSession session = ClusterSession.open(inventory, new PrintWriter(System.err, true), false)) {
        work = Files.createTempDirectory("steward-restore-");
        ZooKeeperRestore restore = new ZooKeeperRestore(inventory, session.fleet, session.cluster,
            new Gate(Duration.ofMillis(500)));
        ZooKeeperRestore.RestorePlan plan = restore.plan(archive, work);
        out.println((dryRun ? "would restore" : "restoring") + " cluster " + inventory.cluster() + " from "
            + archive + ":");
        for (int i = 0; i < plan.steps().size(); i++) {
          out.println("  " + (i + 1) + ". " + plan.steps().get(i));
        }
        out.flush();
        if (dryRun) {
          return ExitCode.OK;
        }
        if (!yes) {
          confirm(inventory.cluster());
        }
        ZooKeeperRestore.RestoreResult result = restore.execute(plan, session.progress);
        out.println("restored: every member holds the backup, " + inventory.brokerHosts().size()
            + " brokers registered, produce/consume check " + result.smokeTest().consumed() + "/"
            + result.smokeTest().produced() + " records");
        return ExitCode.OK;
      } catch (BackupException e) {
        throw new ExitException(e.badInput() ? ExitCode.BAD_INPUT : ExitCode.FAILURE, e.getMessage());
      } catch (IOException e) {
        throw new ExitException(ExitCode.FAILURE, "reading the backup: " + e.getMessage());
      } finally {
        deleteScratch(work);
      }
    }

    /** The cluster's name typed back, or a refusal that touches nothing. */
    private static void confirm(String cluster) {
      Console console = System.console();
      if (console == null) {
        throw new ExitException(ExitCode.BAD_INPUT, "a restore stops the whole cluster and replaces ZooKeeper's data "
            + "on every member: confirm with --yes (no terminal to ask), or check the steps first with --dry-run");
      }
      String typed = console.readLine("This stops every broker and ZooKeeper member of '%s'. Type the cluster name "
          + "to go on: ", cluster);
      if (typed == null || !typed.trim().equals(cluster)) {
        throw new ExitException(ExitCode.BAD_INPUT, "not confirmed: nothing was touched");
      }
    }

    /** The unpacked copy of the archive in our own temporary directory. */
    private static void deleteScratch(Path work) {
      if (work == null) {
        return;
      }
      try {
        ScratchDirectories.delete(work);
      } catch (IOException ignored) {
        // a scratch copy left in the temporary directory harms nothing
      }
    }
  }
}
