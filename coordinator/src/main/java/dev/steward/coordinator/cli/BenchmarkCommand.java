package dev.steward.coordinator.cli;

import picocli.CommandLine.Command;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = {"Measure Steward itself on this machine; prints figures, judges none of them.",
        "(The rolling restart's benchmark is `steward rollout benchmark`, on a running cluster.)"},
    subcommands = {FanOutBenchmarkCommand.class})
final class BenchmarkCommand {
}
