package dev.steward.coordinator.cli;

import picocli.CommandLine.Command;

@Command(name = "steward", mixinStandardHelpOptions = true,
    versionProvider = StewardVersion.class,
    description = "Installs and operates Apache ZooKeeper + Apache Kafka clusters on your own hosts.",
    subcommands = {
        ApplyCommand.class,
        PlanCommand.class,
        AdoptCommand.class,
        RebalanceCommand.class,
        StatusCommand.class,
        MetricsCommand.class,
        ConsoleCommand.class,
        LagCommand.class,
        LogsCommand.class,
        ConnectCommand.class,
        MirrorCommand.class,
        PreflightCommand.class,
        RolloutCommand.class,
        LoadCheckCommand.class,
        SandboxCommand.class,
        CaCommand.class,
        EnrollCommand.class,
        HostsCommand.class,
        AuditCommand.class,
        BackupCommand.class,
        RestoreCommand.class,
        BenchmarkCommand.class,
    },
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad input (nothing was touched), 3 plan has changes."})
final class StewardCommand {
}
