package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.SysctlResource;
import dev.steward.agent.v1.UserResource;
import dev.steward.common.inventory.ChecksumFiles;
import dev.steward.common.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's real-host resources on a real systemd, through the agent's API: the kafka user,
 * packages (one installed by apt-get from a local repository), the Kafka distribution,
 * ZooKeeper as a systemd unit running as kafka, sysctl into the host's (fake) /proc/sys/vm,
 * and ufw enabled with Steward's rules. Then a second
 * apply changes nothing, a changed heap is a UNIT_CHANGED restart reason, not a restart, and a
 * package no source has fails with apt's words and stops the apply there.
 */
@ExtendWith(LabSuiteTimer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostResourcesLabIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = "h1";
  private static Lab lab;
  private static long zooKeeperPid;

  /** A package no Debian mirror has, in the only apt source h1 gets, so its install is apt-get's real work. */
  private static final String PROBE_PACKAGE = "steward-lab-probe";

  @BeforeAll
  static void up() throws Exception {
    lab = Lab.open();
    localAptRepository();
  }

  /**
   * The lab's hosts cannot reach a Debian mirror, so h1 gets a flat file repository of its own
   * (built inside the host with dpkg-deb) as its only source: the agent's apt-get install, the
   * "Unable to locate package" then apt-get update path, and dpkg-query all run for real.
   */
  private static void localAptRepository() throws Exception {
    String deb = "/srv/steward-lab-repo/" + PROBE_PACKAGE + "_1.0_all.deb";
    StewardCli.Run made = lab.exec(HOST, "sh", "-ec", String.join("\n",
        "d=$(mktemp -d)",
        "mkdir -p $d/DEBIAN $d/usr/share/" + PROBE_PACKAGE + " /srv/steward-lab-repo /root/apt-sources-aside",
        "chmod 0755 $d $d/DEBIAN",
        "printf 'Package: " + PROBE_PACKAGE + "\\nVersion: 1.0\\nArchitecture: all\\n"
            + "Maintainer: Steward lab <lab@steward.invalid>\\nDescription: installed by the lab through apt-get\\n'"
            + " > $d/DEBIAN/control",
        "echo installed > $d/usr/share/" + PROBE_PACKAGE + "/marker",
        "dpkg-deb --root-owner-group --build $d " + deb,
        "cd /srv/steward-lab-repo",
        "{ dpkg-deb -f " + deb + "; echo \"Filename: ./$(basename " + deb + ")\";"
            + " echo \"Size: $(stat -c %s " + deb + ")\"; echo \"SHA256: $(sha256sum " + deb + " | cut -d' ' -f1)\"; }"
            + " > Packages",
        "for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do",
        "  if [ -f \"$f\" ]; then mv \"$f\" /root/apt-sources-aside/; fi",
        "done",
        "echo 'deb [trusted=yes] file:/srv/steward-lab-repo ./' > /etc/apt/sources.list.d/steward-lab.list",
        "rm -rf /var/lib/apt/lists/*",
        "dpkg-query -W " + PROBE_PACKAGE + " && exit 1 || true"));
    assertThat(made.exitCode()).as(made.toString()).isZero();
  }

  @AfterAll
  static void down() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  static Path distribution() {
    return StewardCli.home().resolve("artifacts/kafka_2.13-3.9.1.tgz");
  }

  static String sha512() throws Exception {
    Path file = ChecksumFiles.beside(distribution());
    return ChecksumFiles.parse(Files.readString(file))
        .orElseThrow(() -> new AssertionError("no SHA-512 checksum in " + file));
  }

  static List<Resource> resources(String heap) throws Exception {
    List<Resource> resources = new ArrayList<>();
    resources.add(Resource.newBuilder().setId("user:kafka").setUser(UserResource.newBuilder().setName("kafka")
        .setGroup("kafka").setSystem(true)).build());
    resources.add(Resource.newBuilder().setId("package:procps").setAptPackage(AptPackageResource.newBuilder()
        .setName("procps")).build());
    resources.add(Resource.newBuilder().setId("package:" + PROBE_PACKAGE).setAptPackage(AptPackageResource.newBuilder()
        .setName(PROBE_PACKAGE)).build());
    for (String dir : List.of("/var/lib/zookeeper", "/var/log/kafka")) {
      resources.add(Resource.newBuilder().setId("directory:" + dir).setDirectory(DirectoryResource.newBuilder()
          .setPath(dir).setMode(0750).setOwner("kafka").setGroup("kafka")).build());
    }
    resources.add(Resource.newBuilder().setId("archive:kafka").setArchive(ArchiveResource.newBuilder()
        .setName("kafka_2.13-3.9.1").setSha512(sha512()).setInstallRoot("/opt").setLink("/opt/kafka")).build());
    resources.add(Resource.newBuilder().setId("file:/opt/kafka/config/zookeeper.properties")
        .addNotifies(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .setFile(FileResource.newBuilder().setPath("/opt/kafka/config/zookeeper.properties").setMode(0644)
            .setContent(ByteString.copyFrom("""
                dataDir=/var/lib/zookeeper
                clientPort=2181
                maxClientCnxns=0
                admin.enableServer=false
                4lw.commands.whitelist=srvr,ruok
                """, StandardCharsets.UTF_8))).build());
    resources.add(Resource.newBuilder().setId("service:zookeeper").setService(ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_ZOOKEEPER).setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setEnabled(true)
        .setLaunch(JvmLaunch.newBuilder().setInstallDir("/opt/kafka")
            .setConfigFile("/opt/kafka/config/zookeeper.properties").setLogDir("/var/log/kafka")
            .addHeapOptions(heap).addJvmOptions("-Djava.awt.headless=true").setUser("kafka").setGroup("kafka")
            .setStopTimeoutSeconds(60).setLimitNofile(100000).setRestartDelaySeconds(5))).build());
    resources.add(Resource.newBuilder().setId("sysctl").setSysctl(SysctlResource.newBuilder()
        .setPath("/etc/sysctl.d/60-steward.conf").putValues("vm.swappiness", "1")
        .putValues("net.core.rmem_max", "16777216")).build());
    resources.add(Resource.newBuilder().setId("firewall").setFirewall(FirewallResource.newBuilder().setEnable(true)
        .addNeverBlockPorts(22).addNeverBlockPorts(Lab.AGENT_PORT)
        .addRules(FirewallRule.newBuilder().setTag("zk-client-lab").setAction(FirewallAction.FIREWALL_ACTION_ALLOW)
            .setPort(2181).setProtocol("tcp").setFrom("10.77.0.0/24"))).build());
    return resources;
  }

  /** The events of one Apply, as JSON; the last one is the summary. */
  static List<JsonNode> apply(List<Resource> resources, boolean push) throws Exception {
    ApplyRequest request = ApplyRequest.newBuilder().setOperationId("lab-" + UUID.randomUUID())
        .addAllResources(resources).build();
    List<JsonNode> events = new ArrayList<>();
    try (AgentProbe agent = AgentProbe.connect(lab.pki(), HOST)) {
      for (ApplyEvent event : agent.apply(request, push ? distribution() : null, push ? sha512() : null)) {
        events.add(JSON.readTree(JsonFormat.printer().omittingInsignificantWhitespace().print(event)));
      }
    }
    return events;
  }

  static JsonNode result(List<JsonNode> events, String id) {
    return events.stream().filter(e -> e.at("/result/id").asText().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + id + " in " + events)).get("result");
  }

  static String sh(String command) throws Exception {
    StewardCli.Run run = lab.exec(HOST, "sh", "-c", command);
    return run.stdout().strip();
  }

  @Test
  @Order(1)
  void firstApplyCreatesEverythingAndZooKeeperRunsAsKafkaUnderSystemd() throws Exception {
    String machineSwappiness = Files.readString(Path.of("/proc/sys/vm/swappiness")).strip();

    List<JsonNode> events = apply(resources("-Xmx256m"), true);

    JsonNode summary = events.get(events.size() - 1).get("summary");
    assertThat(summary.path("failed").asInt()).as(events.toString()).isZero();
    assertThat(result(events, "package:procps").get("status").asText()).isEqualTo("RESOURCE_STATUS_UNCHANGED");
    assertThat(result(events, "package:" + PROBE_PACKAGE).get("status").asText())
        .isEqualTo("RESOURCE_STATUS_CHANGED");
    assertThat(sh("dpkg-query -W -f='${Status}\\n' " + PROBE_PACKAGE + "; cat /usr/share/" + PROBE_PACKAGE + "/marker"))
        .isEqualTo("install ok installed\ninstalled");
    assertThat(result(events, "service:zookeeper").get("status").asText()).isEqualTo("RESOURCE_STATUS_CHANGED");
    assertThat(sh("systemctl is-active zookeeper.service; systemctl is-enabled zookeeper.service"))
        .isEqualTo("active\nenabled");
    zooKeeperPid = Long.parseLong(sh("systemctl show -p MainPID --value zookeeper.service"));
    assertThat(sh("ps -o user= -p " + zooKeeperPid)).isEqualTo("kafka");
    assertThat(sh("getent passwd kafka | cut -d: -f7")).isEqualTo("/bin/false");
    Eventually.within(Duration.ofSeconds(60)).every(Duration.ofMillis(500)).until("ZooKeeper serving standalone",
        () -> sh("echo srvr | nc.openbsd -q 1 127.0.0.1 2181 || true"), srvr -> srvr.contains("Mode: standalone"));
    assertThat(sh("cat /proc/sys/vm/swappiness /proc/sys/net/core/rmem_max")).isEqualTo("1\n16777216");
    assertThat(Files.readString(Path.of("/proc/sys/vm/swappiness")).strip()).as("this machine's own value")
        .isEqualTo(machineSwappiness);
    assertThat(sh("ufw status")).startsWith("Status: active").contains("# steward:never-block-22")
        .contains("# steward:never-block-7443").contains("2181/tcp                   ALLOW       10.77.0.0/24");
    assertThat(Lab.tcp(Lab.address(HOST), 2181, Duration.ofSeconds(2))).as("allowed from 10.77.0.0/24")
        .isEqualTo(Lab.Reach.CONNECTED);
  }

  @Test
  @Order(2)
  void secondApplyChangesNothingAndRestartsNothing() throws Exception {
    List<JsonNode> events = apply(resources("-Xmx256m"), false);

    for (JsonNode event : events.subList(0, events.size() - 1)) {
      assertThat(event.at("/result/status").asText()).as(event.toString()).isEqualTo("RESOURCE_STATUS_UNCHANGED");
    }
    assertThat(Long.parseLong(sh("systemctl show -p MainPID --value zookeeper.service"))).isEqualTo(zooKeeperPid);
  }

  @Test
  @Order(3)
  void changedHeapRewritesTheUnitAndBecomesARestartReasonWithoutARestart() throws Exception {
    List<JsonNode> events = apply(resources("-Xmx300m"), false);

    JsonNode service = result(events, "service:zookeeper");
    assertThat(service.get("status").asText()).isEqualTo("RESOURCE_STATUS_CHANGED");
    assertThat(service.get("diff").asText()).contains("-Xmx300m");
    assertThat(service.at("/restartReasons/0/kind").asText()).isEqualTo("RESTART_REASON_KIND_UNIT_CHANGED");
    assertThat(Long.parseLong(sh("systemctl show -p MainPID --value zookeeper.service"))).isEqualTo(zooKeeperPid);
    assertThat(sh("grep -c -- -Xmx300m /etc/systemd/system/zookeeper.service")).isEqualTo("1");
    assertThat(sh("systemctl show -p NeedDaemonReload --value zookeeper.service")).as("reloaded").isEqualTo("no");
  }

  @Test
  @Order(4)
  void aPackageNoSourceHasFailsWithAptsOwnWordsAndChangesNothingElse() throws Exception {
    String packages = sh("dpkg-query -W -f='${Package}\\n' | sort | md5sum");
    List<Resource> resources = new ArrayList<>(resources("-Xmx300m"));
    resources.add(1, Resource.newBuilder().setId("package:steward-no-such-package")
        .setAptPackage(AptPackageResource.newBuilder().setName("steward-no-such-package")).build());

    List<JsonNode> events = apply(resources, false);

    JsonNode missing = result(events, "package:steward-no-such-package");
    assertThat(missing.get("status").asText()).isEqualTo("RESOURCE_STATUS_FAILED");
    assertThat(missing.get("message").asText()).contains("apt-get install steward-no-such-package failed")
        .contains("Unable to locate package steward-no-such-package");
    assertThat(result(events, "package:procps").get("status").asText()).as("the resource after it")
        .isEqualTo("RESOURCE_STATUS_SKIPPED");
    assertThat(sh("dpkg-query -W -f='${Package}\\n' | sort | md5sum")).isEqualTo(packages);
    assertThat(Long.parseLong(sh("systemctl show -p MainPID --value zookeeper.service"))).isEqualTo(zooKeeperPid);
  }
}
