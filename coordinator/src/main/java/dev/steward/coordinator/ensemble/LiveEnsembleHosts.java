package dev.steward.coordinator.ensemble;

import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.FourLetterWord;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceAction;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.agent.Fleet;
import dev.steward.coordinator.artifact.KafkaArtifact;
import dev.steward.coordinator.deploy.Deployer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The members' hosts, through their agents. A new member is brought up by converging its host
 * to an inventory whose ZooKeeper members are exactly the ones it joins (the current voters and
 * itself), so its first dynamic file names those and not the inventory's end state: started with
 * the end state, new members could make a majority of their own (docs/scaling.md).
 */
public final class LiveEnsembleHosts implements EnsembleHosts {

  private final Inventory inventory;
  private final Fleet fleet;
  private final Deployer deployer;
  private final KafkaArtifact artifact;
  private final String operationId;

  /**
   * @param inventory the inventory the change leads to (every member that is or will be a voter)
   * @param operationId the apply's id; each member's start is a sub-operation of it
   */
  public LiveEnsembleHosts(Inventory inventory, Fleet fleet, Deployer deployer, KafkaArtifact artifact,
      String operationId) {
    this.inventory = inventory;
    this.fleet = fleet;
    this.deployer = deployer;
    this.artifact = artifact;
    this.operationId = operationId;
  }

  @Override
  public void start(EnsembleMember member, List<EnsembleMember> joinWith) throws IOException {
    HostSpec host = host(member);
    Inventory joining = inventory.withZooKeeperMembers(EnsembleChangeCheck.byAddress(joinWith));
    try {
      deployer.convergeHost(joining, joining.host(host.name()).orElseThrow(), artifact,
          operationId + "-zookeeper-" + member.id());
    } catch (RuntimeException e) {
      throw new IOException("starting " + member.describe() + ": " + Errors.rootMessage(e), e);
    }
  }

  @Override
  public void stop(EnsembleMember member) throws IOException {
    HostSpec host = hostAt(member).orElseThrow(() -> new IOException(member.describe() + " left the ensemble but no "
        + "host of the inventory has its address, so its agent cannot stop it: stop its ZooKeeper on the host (its "
        + "data stays)"));
    try {
      fleet.agent(host).control(ControlServiceRequest.newBuilder()
          .setOperationId(operationId + "-zookeeper-" + member.id() + "-stop")
          .setService(ServiceName.SERVICE_NAME_ZOOKEEPER).setAction(ServiceAction.SERVICE_ACTION_STOP)
          .setReason(RestartReasonKind.RESTART_REASON_KIND_MANUAL).build(),
          Duration.ofSeconds(inventory.install().stopTimeoutSeconds() + 60L));
    } catch (RuntimeException e) {
      throw new IOException("stopping " + member.describe() + ": " + Errors.rootMessage(e), e);
    }
  }

  @Override
  public Optional<String> ask(EnsembleMember member, String word) {
    HostSpec host = hostAt(member).orElse(null);
    if (host == null) {
      return Optional.empty();
    }
    try {
      ProbeZooKeeperResponse answer = fleet.agent(host).probeZooKeeper(host.address(),
          inventory.zookeeper().clientPort(), word(word));
      return answer.getReachable() ? Optional.of(answer.getRaw()) : Optional.empty();
    } catch (RuntimeException e) {
      // a member that does not answer now is what the executor's gates wait on
      return Optional.empty();
    }
  }

  /** A member's host by address: a leaving member's host stays in the inventory without its zookeeperId. */
  private Optional<HostSpec> hostAt(EnsembleMember member) {
    return inventory.hosts().stream().filter(h -> h.address().equals(member.address())).findFirst();
  }

  private HostSpec host(EnsembleMember member) throws IOException {
    return inventory.zookeeperHosts().stream().filter(h -> h.zookeeperId().getAsInt() == member.id()).findFirst()
        .orElseThrow(() -> new IOException(member.describe() + " is not a member in the inventory"));
  }

  private static FourLetterWord word(String word) {
    return switch (word) {
      case "srvr" -> FourLetterWord.FOUR_LETTER_WORD_SRVR;
      case "mntr" -> FourLetterWord.FOUR_LETTER_WORD_MNTR;
      case "conf" -> FourLetterWord.FOUR_LETTER_WORD_CONF;
      case "ruok" -> FourLetterWord.FOUR_LETTER_WORD_RUOK;
      default -> FourLetterWord.FOUR_LETTER_WORD_STAT;
    };
  }
}
