package dev.steward.coordinator.cli;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.backup.BackupException;
import dev.steward.coordinator.backup.ZooKeeperBackup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true, subcommands = BackupCommand.ZooKeeperCommand.class,
    description = "Back up what the cluster cannot rebuild from its inventory.")
final class BackupCommand {

  @Command(name = "zookeeper", mixinStandardHelpOptions = true,
      description = {"Copy the ZooKeeper leader's newest snapshots and the transaction logs after them through its "
          + "agent, prove the copy replays with ZooKeeper's own recovery, and write it as an archive with a "
          + ".sha512 file and a manifest (cluster id, last zxid, versions, hosts). Stops nothing.",
          "Exit code: 0 written, 1 failed, 2 bad input."})
  static final class ZooKeeperCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventoryOptions;

    @Option(names = "--to", paramLabel = "DIR", defaultValue = "zookeeper-backups",
        description = "Directory for the archives (${DEFAULT-VALUE}; created when missing).")
    Path directory;

    @Option(names = "--keep", paramLabel = "N",
        description = "Then remove this cluster's older backups in DIR beyond the newest N (default: keep all).")
    Integer keep;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (keep != null && keep < 1) {
        throw new ExitException(ExitCode.BAD_INPUT, "--keep: " + keep + " would remove the backup just written: "
            + "give 1 or more");
      }
      Inventory inventory = inventoryOptions.load(spec.commandLine().getErr()).inventory();
      try (ClusterSession session = ClusterSession.open(inventory, new PrintWriter(System.err, true), false)) {
        ZooKeeperBackup.BackupResult result = new ZooKeeperBackup(inventory, session.fleet, Clock.systemUTC())
            .backup(session.cluster.ensemble(), new ZooKeeperBackup.BackupOptions(directory,
                keep == null ? OptionalInt.empty() : OptionalInt.of(keep)), session.progress);
        var manifest = result.manifest();
        out.println("backup " + result.archive());
        out.println("  sha512     " + result.sha512());
        out.println("  cluster id " + manifest.clusterId() + "  last zxid " + manifest.lastZxid() + "  znodes "
            + manifest.znodes() + "  topics " + manifest.topics().size());
        out.println("  from       " + manifest.sourceHost() + " (leader), ZooKeeper " + manifest.zookeeperVersion()
            + ", files " + manifest.files() + ", " + result.bytesRead() + " bytes read");
        result.removed().forEach(old -> out.println("  removed    " + old + " (beyond --keep " + keep + ")"));
        return ExitCode.OK;
      } catch (BackupException e) {
        throw new ExitException(e.badInput() ? ExitCode.BAD_INPUT : ExitCode.FAILURE, e.getMessage());
      } catch (IOException e) {
        throw new ExitException(ExitCode.FAILURE, "writing the backup: " + e.getMessage());
      }
    }
  }
}
