package dev.steward.coordinator.benchmark;

import java.time.Duration;

/**
 * One run of a command: its wall time, the CPU time the agents and the coordinator spent meanwhile,
 * and what it told about the hosts.
 */
record TimedRun(Duration took, Duration agentsCpu, Duration coordinatorCpu, FanOutCommand.Answers answers) {
}
