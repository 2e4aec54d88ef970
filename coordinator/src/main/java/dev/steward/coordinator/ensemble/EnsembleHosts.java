package dev.steward.coordinator.ensemble;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the executor needs from the members' hosts: start or stop one member, and ask one member
 * a four-letter word. Live, this goes through the agents; in tests, real ZooKeeper servers run
 * in the test's JVM.
 */
public interface EnsembleHosts {

  /**
   * Lays down {@code member}'s configuration, with {@code joinWith} (the current voters and the
   * member itself) as its dynamic membership, and starts it.
   */
  void start(EnsembleMember member, List<EnsembleMember> joinWith) throws IOException;

  /** Stops {@code member}'s ZooKeeper; its data stays. */
  void stop(EnsembleMember member) throws IOException;

  /** The member's answer to {@code word} (srvr, mntr, conf), or empty when it does not answer. */
  Optional<String> ask(EnsembleMember member, String word);
}
