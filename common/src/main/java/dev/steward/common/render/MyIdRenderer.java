package dev.steward.common.render;

/** Renders ZooKeeper's myid file: the node's id and a newline, nothing else (ZooKeeper reads it as a number). */
public final class MyIdRenderer {

  private MyIdRenderer() {
  }

  public static String render(int zookeeperId) {
    if (zookeeperId < 1 || zookeeperId > 255) {
      throw new IllegalArgumentException("a ZooKeeper id is from 1 to 255: " + zookeeperId);
    }
    return zookeeperId + "\n";
  }
}
