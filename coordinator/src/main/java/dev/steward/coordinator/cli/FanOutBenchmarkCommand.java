package dev.steward.coordinator.cli;

import dev.steward.coordinator.benchmark.FanOutBenchmark;
import dev.steward.coordinator.benchmark.FanOutOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fan-out", mixinStandardHelpOptions = true,
    description = {"Time status, preflight and plan against many agents: starts --hosts agents on this machine "
        + "(PREFIX.1 to PREFIX.N, plaintext, each with its own host root in a temporary directory; nothing is "
        + "deployed), runs each command once (agents cold), then --runs times in this process, and prints the first "
        + "run's and the min / median / max wall time, the CPU the agents and the coordinator used, and how many hosts "
        + "answered; then kills --dead agents (the last ones) and runs each once more. Every agent "
        + "it started is stopped and the directory removed, however it ends.",
        "Exit code: 0 every run heard from exactly the agents that were up, 1 otherwise, 2 bad options."})
final class FanOutBenchmarkCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--hosts", defaultValue = "50", description = "How many agents (${DEFAULT-VALUE}).")
  int hosts;

  @Option(names = "--address-prefix", defaultValue = "127.0.150",
      description = "Their addresses: PREFIX.1 to PREFIX.N, on loopback (${DEFAULT-VALUE}).")
  String addressPrefix;

  @Option(names = "--runs", defaultValue = "5", description = "Runs of each command with every agent up, after the first (${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--dead", defaultValue = "2", description = "Agents killed before the last run (${DEFAULT-VALUE}).")
  int dead;

  @Override
  public Integer call() throws Exception {
    FanOutOptions options = new FanOutOptions(hosts, addressPrefix, runs, dead);
    List<String> problems = options.problems();
    if (!problems.isEmpty()) {
      throw new ExitException(ExitCode.BAD_INPUT, String.join("\n", problems));
    }
    boolean right = new FanOutBenchmark(options, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    return right ? ExitCode.OK : ExitCode.FAILURE;
  }
}
