package dev.steward.common.state;

/**
 * Maps the logical paths of the guide (/opt/kafka, /var/lib/zookeeper) to where they really
 * are on a host. On a real host the root is "/" and nothing changes; a sandbox host lives
 * in a directory of its own, so its config files must name the real locations.
 *
 * <p>Resources sent to an agent always carry logical paths (the agent resolves them against
 * its own root and refuses anything outside it); file <em>contents</em> carry real paths,
 * because the processes reading them are not confined to the root.
 */
public record HostLayout(String root) {

  public static final HostLayout REAL_HOST = new HostLayout("/");

  public HostLayout {
    if (root == null || !root.startsWith("/")) {
      throw new IllegalArgumentException("host root must be an absolute path: " + root);
    }
    while (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
  }

  /** The real path of a logical absolute path. */
  public String real(String logicalPath) {
    if (!logicalPath.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + logicalPath);
    }
    return root.equals("/") ? logicalPath : root + logicalPath;
  }

  public boolean isRealHost() {
    return root.equals("/");
  }
}
