package dev.steward.common.inventory;

import java.util.List;

/**
 * Where and as whom things are installed on each host.
 *
 * @param root distributions are unpacked to {@code <root>/kafka_<scala>-<version>} and
 *     {@code <root>/kafka} links to the active one (the guide's /opt/kafka)
 * @param javaPackage apt package installed when no Java >= the preflight minimum is found;
 *     empty never installs Java
 */
public record InstallSpec(
    String root,
    String user,
    String group,
    String javaPackage,
    List<String> packages,
    int limitNofile,
    int stopTimeoutSeconds) {

  public InstallSpec {
    packages = List.copyOf(packages);
  }

  /** The active-version link, e.g. /opt/kafka. */
  public String kafkaHome() {
    return root.endsWith("/") ? root + "kafka" : root + "/kafka";
  }
}
