package dev.steward.coordinator.ensemble;

import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.FoundMyId;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ZooKeeperService;
import dev.steward.coordinator.agent.AgentClient;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.agent.OperationIds;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the agent of each host a membership change adds what its data dir holds, for
 * {@link JoiningDataDirCheck}. It is a dry run of the host's own myid resource: the agent reads the
 * file exactly as the apply that starts the member will, and changes nothing.
 */
public final class JoiningDataDirs {

  private static final Pattern OTHER_ID = Pattern.compile("holds id ([0-9]{1,9}) but");

  private JoiningDataDirs() {
  }

  /** One entry per member {@code plan} adds, in its order; an agent that cannot be asked is an IOException. */
  public static List<JoiningDataDir> read(Inventory inventory, EnsembleChangePlan plan, Fleet fleet)
      throws IOException {
    String runId = OperationIds.runId(Instant.now());
    List<JoiningDataDir> found = new ArrayList<>();
    for (MembershipStep step : plan.steps()) {
      if (step instanceof MembershipStep.AddMember add) {
        HostSpec host = inventory.zookeeperHosts().stream()
            .filter(h -> h.zookeeperId().getAsInt() == add.member().id()).findFirst()
            .orElseThrow(() -> new IllegalStateException(add.member().describe() + " is not in the inventory"));
        found.add(read(inventory, host, fleet.agent(host), "check-myid-" + host.name() + "-" + runId));
      }
    }
    return found;
  }

  private static JoiningDataDir read(Inventory inventory, HostSpec host, AgentClient agent, String operationId)
      throws IOException {
    Resource myId = ZooKeeperService.myId(inventory, host);
    // the service user may not exist yet on a new host (apply creates it): owners are not the question
    Resource idOnly = myId.toBuilder().setMyid(myId.getMyid().toBuilder().clearOwner().clearGroup()).build();
    List<ResourceResult> results = new ArrayList<>();
    try {
      agent.apply(ApplyRequest.newBuilder().setOperationId(operationId).setDryRun(true).addResources(idOnly).build(),
          event -> {
            if (event.getEventCase() == ApplyEvent.EventCase.RESULT) {
              results.add(event.getResult());
            }
          });
    } catch (RuntimeException e) {
      throw new IOException("cannot ask the agent of " + host.name() + " what its data dir holds: " + e.getMessage(),
          e);
    }
    if (results.size() != 1) {
      throw new IOException("the agent of " + host.name() + " answered the myid check with " + results.size()
          + " results");
    }
    return new JoiningDataDir(host.name(), idOnly.getMyid().getPath(), host.zookeeperId().getAsInt(),
        found(results.get(0), host.zookeeperId().getAsInt())
            .orElseThrow(() -> new IOException("the agent of " + host.name() + " could not check "
                + idOnly.getMyid().getPath() + ": " + results.get(0).getStatus() + " "
                + results.get(0).getMessage())));
  }

  /** The dry run's outcome as a myid state; empty when the agent did not check (an agent without the resource). */
  static Optional<JoiningDataDir.MyId> found(ResourceResult result, int wanted) {
    if (result.hasFoundMyid()) {
      FoundMyId found = result.getFoundMyid();
      if (!found.getExists()) {
        return Optional.of(new JoiningDataDir.NoMyId());
      }
      return Optional.of(found.getHoldsId() ? new JoiningDataDir.HoldsId(found.getId())
          : new JoiningDataDir.Unreadable(result.getMessage()));
    }
    return foundByAnAgentBeforeFoundMyId(result, wanted);
  }

  /** Agents before {@code ResourceResult.found_myid} name the id they found only in their conflict message. */
  private static Optional<JoiningDataDir.MyId> foundByAnAgentBeforeFoundMyId(ResourceResult result, int wanted) {
    return switch (result.getStatus()) {
      // without owners, the only change a myid can want is its creation
      case RESOURCE_STATUS_WOULD_CHANGE -> Optional.of(new JoiningDataDir.NoMyId());
      case RESOURCE_STATUS_UNCHANGED -> Optional.of(new JoiningDataDir.HoldsId(wanted));
      case RESOURCE_STATUS_FAILED -> {
        Matcher other = OTHER_ID.matcher(result.getMessage());
        yield Optional.of(other.find() ? new JoiningDataDir.HoldsId(Integer.parseInt(other.group(1)))
            : new JoiningDataDir.Unreadable(result.getMessage()));
      }
      default -> Optional.empty();
    };
  }
}
