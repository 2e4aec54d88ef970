package dev.steward.coordinator.ensemble;

/**
 * What the data dir of a host joining the ensemble holds, as its agent found it.
 *
 * @param host the inventory's host name
 * @param myIdPath the myid file, as a logical path ({@code zookeeper.dataDir}/myid)
 * @param zookeeperId the id the inventory gives the host
 */
public record JoiningDataDir(String host, String myIdPath, int zookeeperId, MyId found) {

  /** The myid file's state. */
  public sealed interface MyId {
  }

  /** No myid: a data dir ZooKeeper never ran on. */
  public record NoMyId() implements MyId {
  }

  /** A myid holding this id. */
  public record HoldsId(int id) implements MyId {
  }

  /** A myid (or something in its place) that is no id; {@code why} is the agent's account. */
  public record Unreadable(String why) implements MyId {
  }
}
