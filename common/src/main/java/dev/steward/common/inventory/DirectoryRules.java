package dev.steward.common.inventory;

import java.util.List;

/**
 * Data directories must not overlap each other or the installation: Kafka refuses a log
 * directory holding anything but partitions, ZooKeeper's files would be among them, and a
 * directory inside a Kafka distribution is left behind on the next upgrade.
 */
final class DirectoryRules {

  private DirectoryRules() {
  }

  static void check(Inventory inventory, Problems problems) {
    if (problems.failedWithin("kafka.dataDirs") || problems.failed("install.root")) {
      return;
    }
    List<String> dataDirs = inventory.kafka().dataDirs();
    for (int i = 0; i < dataDirs.size(); i++) {
      String field = "kafka.dataDirs[" + i + "]";
      for (int earlier = 0; earlier < i; earlier++) {
        if (overlap(dataDirs.get(i), dataDirs.get(earlier))) {
          problems.error(field, dataDirs.get(i) + " overlaps kafka.dataDirs[" + earlier + "] (" + dataDirs.get(earlier)
              + ")", "list separate directories, none inside another (ideally one per disk)");
        }
      }
      checkAgainstInstallation(field, dataDirs.get(i), inventory.install(), problems);
    }
    String zkDataDir = inventory.zookeeper().dataDir();
    if (!problems.failed("zookeeper.dataDir")) {
      for (int i = 0; i < dataDirs.size(); i++) {
        if (overlap(zkDataDir, dataDirs.get(i))) {
          problems.error("zookeeper.dataDir", zkDataDir + " overlaps kafka.dataDirs[" + i + "] (" + dataDirs.get(i)
              + ")", "keep ZooKeeper's data apart from Kafka's, e.g. /var/lib/zookeeper");
        }
      }
      checkAgainstInstallation("zookeeper.dataDir", zkDataDir, inventory.install(), problems);
    }
  }

  private static void checkAgainstInstallation(String field, String dir, InstallSpec install, Problems problems) {
    String root = install.root();
    boolean insideDistribution = PathRules.isSameOrBelow(dir, install.kafkaHome()) || dir.startsWith(root + "/kafka_");
    if (insideDistribution || PathRules.isSameOrBelow(root, dir)) {
      problems.error(field, dir + " overlaps the Kafka installation under " + root,
          "keep data outside install.root, e.g. under /var/lib");
    }
  }

  private static boolean overlap(String a, String b) {
    return PathRules.isSameOrBelow(a, b) || PathRules.isSameOrBelow(b, a);
  }
}
