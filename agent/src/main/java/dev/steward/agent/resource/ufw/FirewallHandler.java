package dev.steward.agent.resource.ufw;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.resource.Diff;
import dev.steward.agent.resource.MachineWide;
import dev.steward.agent.resource.ResourceFailure;
import dev.steward.agent.resource.ResourceHandler;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.Resource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** ufw rules tagged {@code steward:<tag>}; see {@link FirewallPlan} for the rules of the game. */
public final class FirewallHandler implements ResourceHandler<FirewallResource, FirewallHandler.Observed> {

  /** What ufw said. */
  public record Observed(boolean active, List<UfwOutput.Listed> rules) {
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final CommandRunner runner;
  private final MachineWide machineWide;

  /** ufw acts on the machine's own /etc/ufw and netfilter: it is never even run for a sandbox root. */
  public FirewallHandler(CommandRunner runner, MachineWide machineWide) {
    this.runner = runner;
    this.machineWide = machineWide;
  }

  @Override
  public FirewallResource desired(Resource resource) {
    return resource.getFirewall();
  }

  @Override
  public Observed observe(FirewallResource desired) throws ResourceFailure {
    machineWide.require("the firewall (ufw)");
    String status = ufw(List.of("ufw", "status")).stdout();
    boolean active;
    try {
      active = UfwOutput.isActive(status);
    } catch (IllegalArgumentException e) {
      throw new ResourceFailure("cannot read ufw's state: " + e.getMessage());
    }
    return new Observed(active, UfwOutput.parseShowAdded(ufw(List.of("ufw", "show", "added")).stdout()));
  }

  @Override
  public Diff diff(FirewallResource desired, Observed observed) {
    FirewallPlan plan = FirewallPlan.of(desired, observed.active(), observed.rules());
    if (plan.isConflict()) {
      return Diff.conflict(plan.conflict());
    }
    return plan.changesNothing() ? Diff.none() : Diff.change(plan.describe(), false);
  }

  @Override
  public String apply(FirewallResource desired, Observed observed, Diff diff) throws ResourceFailure {
    FirewallPlan plan = FirewallPlan.of(desired, observed.active(), observed.rules());
    for (UfwRule rule : plan.add()) {
      ufw(rule.allowArgv());
    }
    for (UfwOutput.Listed rule : plan.delete()) {
      ufw(rule.deleteArgv());
    }
    if (plan.enable()) {
      ufw(List.of("ufw", "--force", "enable"));
    }
    return plan.add().size() + " rule(s) added, " + plan.delete().size() + " removed" + (plan.enable() ? ", ufw enabled" : "");
  }

  private CommandResult ufw(List<String> argv) throws ResourceFailure {
    CommandResult result;
    try {
      result = runner.run(argv, TIMEOUT);
    } catch (IOException e) {
      throw new ResourceFailure("cannot run ufw (" + e.getMessage() + "): install the ufw package first (an apt "
          + "package resource before this one)", e);
    }
    if (!result.succeeded()) {
      throw new ResourceFailure(result.describeFailure());
    }
    return result;
  }
}
