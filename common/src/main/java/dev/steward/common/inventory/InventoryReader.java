package dev.steward.common.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.common.service.AccountNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the YAML tree into an {@link Inventory}, applying the defaults of docs/inventory.md.
 * Invalid values are reported and replaced by their defaults, so the result is always complete
 * and the cross-field rules can still run over it; it is only handed out when nothing was reported.
 */
final class InventoryReader {

  static final List<String> TOP_LEVEL_KEYS = List.of("cluster", "kafka", "zookeeper", "install", "sysctl",
      "firewall", "preflight", "agent", "rollout", "connect", "secrets", "connectors", "mirrors", "hosts", "alerts", "rebalance");
  static final List<String> INSTALL_KEYS = List.of("root", "user", "group", "javaPackage", "packages",
      "limitNofile", "stopTimeoutSeconds");
  static final List<String> SYSCTL_KEYS = List.of("enabled", "values");
  static final List<String> FIREWALL_KEYS = List.of("enabled", "enableUfw", "sshPort", "coordinatorAddresses");
  static final List<String> PREFLIGHT_KEYS = List.of("minMemory", "minFreeDisk", "minJava", "maxClockSkew");
  static final List<String> AGENT_KEYS = List.of("port", "tls", "pki");
  static final List<String> ROLLOUT_KEYS = List.of("zookeeperReadyTimeout", "brokerReadyTimeout",
      "availabilityTimeout", "serviceStopTimeout", "pollInterval");
  static final List<String> REBALANCE_KEYS = List.of("throttle", "maxPartitionsInFlight");

  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final int AGENT_PORT = 7443;

  private final Problems problems;
  private final Path baseDir;

  InventoryReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  Inventory read(JsonNode root) {
    YamlMap top = YamlMap.open(root, "", problems, TOP_LEVEL_KEYS);
    String cluster = top.required("cluster", ValueParsers.matching(CLUSTER_NAME,
        "a cluster name (lower-case letters, digits and '-', at most 63)", "write a name like homelab or kafka-prod"),
        "add cluster: <name>, e.g. cluster: homelab").orElse("");
    KafkaSpec kafka = new KafkaSectionReader(problems, baseDir).read(top.requiredSection("kafka",
        KafkaSectionReader.KEYS, "add a kafka section with at least the version, e.g. kafka: {version: 3.9.1}"));
    ZooKeeperSpec zookeeper = new ZooKeeperSectionReader(problems)
        .read(top.section("zookeeper", ZooKeeperSectionReader.KEYS));
    InstallSpec install = install(top.section("install", INSTALL_KEYS));
    SysctlSpec sysctl = sysctl(top.section("sysctl", SYSCTL_KEYS));
    FirewallSpec firewall = firewall(top.section("firewall", FIREWALL_KEYS));
    PreflightSpec preflight = preflight(top.section("preflight", PREFLIGHT_KEYS));
    AgentSpec agent = agent(top.section("agent", AGENT_KEYS));
    RolloutSpec rollout = rollout(top.section("rollout", ROLLOUT_KEYS));
    ConnectSpec connect = new ConnectSectionReader(problems, baseDir)
        .read(top.section("connect", ConnectSectionReader.KEYS), top.contains("connect"));
    ConnectorListReader connectorReader = new ConnectorListReader(problems, baseDir);
    java.util.Map<String, SecretSpec> secrets = connectorReader.secrets(top);
    List<ConnectorSpec> connectors = connectorReader.connectors(top, connect.groupId());
    List<MirrorSpec> mirrors = new MirrorListReader(problems).mirrors(top);
    List<HostSpec> hosts = HostListReader.read(top, agent.port());
    AlertsSpec alerts = AlertsSectionReader.read(top.section("alerts", AlertsSectionReader.KEYS));
    RebalanceSpec rebalance = rebalance(top.section("rebalance", REBALANCE_KEYS));
    return new Inventory(cluster, kafka, zookeeper, install, sysctl, firewall, preflight, agent, rollout, connect,
        secrets, connectors, mirrors, hosts, alerts, rebalance);
  }

  private InstallSpec install(YamlMap install) {
    // empty means "the agent's own user"
    ValueParser<String> account = ValueParsers.string("a user or group name",
        "write a name like kafka (" + AccountNames.RULE + "), or \"\" for the agent's own",
        name -> name.isEmpty() || AccountNames.isValid(name));
    String user = install.get("user", account, GuideDefaults.SERVICE_USER);
    String group = install.get("group", account, GuideDefaults.SERVICE_USER);
    if (user.isEmpty() != group.isEmpty() && !problems.failed(install.field("user"))
        && !problems.failed(install.field("group"))) {
      problems.error(install.field("group"), user.isEmpty()
              ? "is " + Printable.quote(group) + " while install.user is empty"
              : "is empty while install.user is " + Printable.quote(user),
          "set both user and group, or both to \"\" to run everything as the agent's own user");
    }
    ValueParser<String> aptPackage = ValueParsers.string("an apt package name",
        "write a Debian package name like " + AptPackageNames.EXAMPLE + " (" + AptPackageNames.RULE + ")",
        AptPackageNames::isValid);
    ValueParser<String> aptPackageOrNone = node -> node.isTextual() && node.textValue().isEmpty()
        ? "" : aptPackage.parse(node);
    return new InstallSpec(
        install.get("root", ValueParsers.absolutePath(), GuideDefaults.INSTALL_ROOT),
        user,
        group,
        install.get("javaPackage", aptPackageOrNone, "openjdk-17-jre-headless"),
        install.list("packages", aptPackage, List.of()),
        install.get("limitNofile", ValueParsers.integer(1024, 1048576,
            "use a number of open files from 1024 to 1048576"), 100000),
        install.get("stopTimeoutSeconds", ValueParsers.integer(1, 86400,
            "use a number of seconds from 1 to 86400; a controlled shutdown needs time to move leaders"), 120));
  }

  private SysctlSpec sysctl(YamlMap sysctl) {
    return new SysctlSpec(
        sysctl.get("enabled", ValueParsers.bool(), true),
        PropertyOverrides.read(sysctl, "values", SysctlSettings::keyProblem, SysctlSettings.KEY_FIX,
            ValueParsers.sysctlValue(), PropertyOverrides.OwnedKeys.NONE, GuideDefaults.SYSCTL, problems));
  }

  private FirewallSpec firewall(YamlMap firewall) {
    boolean enabled = firewall.get("enabled", ValueParsers.bool(), false);
    boolean enableUfw = firewall.get("enableUfw", ValueParsers.bool(), false);
    if (enableUfw && !enabled) {
      problems.warning(firewall.field("enableUfw"), "has no effect while firewall.enabled is false",
          "set firewall.enabled: true for Steward to manage ufw, or remove enableUfw");
    }
    return new FirewallSpec(enabled, enableUfw,
        firewall.get("sshPort", ValueParsers.port(), 22),
        firewall.list("coordinatorAddresses", ValueParsers.ipOrCidr(), List.of()));
  }

  private PreflightSpec preflight(YamlMap preflight) {
    return new PreflightSpec(
        preflight.get("minMemory", ValueParsers.size(), GuideDefaults.MIN_MEMORY_BYTES),
        preflight.get("minFreeDisk", ValueParsers.size(), GuideDefaults.MIN_FREE_DISK_BYTES),
        preflight.get("minJava", ValueParsers.integer(8, 99, "write a Java feature version such as 11 or 17"),
            GuideDefaults.MIN_JAVA),
        preflight.get("maxClockSkew", ValueParsers.duration(false), Duration.ofSeconds(2)));
  }

  private AgentSpec agent(YamlMap agent) {
    Optional<String> pki = agent.optional("pki", ValueParsers.checked("a directory path",
        PathRules.FIX + "; or start it with ~/ for the coordinator user's home", PathRules::homeOrAbsolutePathProblem));
    return new AgentSpec(agent.get("port", ValueParsers.port(), AGENT_PORT),
        agent.get("tls", ValueParsers.bool(), true), pki);
  }

  private RolloutSpec rollout(YamlMap rollout) {
    ValueParser<Duration> timeout = ValueParsers.duration(true);
    return new RolloutSpec(
        rollout.get("zookeeperReadyTimeout", timeout, Duration.ofMinutes(5)),
        rollout.get("brokerReadyTimeout", timeout, Duration.ofMinutes(15)),
        rollout.get("availabilityTimeout", timeout, Duration.ofMinutes(10)),
        rollout.get("serviceStopTimeout", timeout, Duration.ofMinutes(3)),
        rollout.get("pollInterval", ValueParsers.duration(false), Duration.ofMillis(250)));
  }

  private RebalanceSpec rebalance(YamlMap rebalance) {
    long throttle = rebalance.get("throttle", ValueParsers.size(), RebalanceSpec.DEFAULTS.throttle());
    if (throttle < 1024 && !problems.failed(rebalance.field("throttle"))) {
      problems.error(rebalance.field("throttle"), "is " + throttle + " bytes per second, too low to move anything",
          "give a rate of at least 1KiB per second, e.g. throttle: 10MiB");
      throttle = RebalanceSpec.DEFAULTS.throttle();
    }
    return new RebalanceSpec(throttle,
        rebalance.get("maxPartitionsInFlight", ValueParsers.integer(1, 10000,
            "use a number of partitions from 1 to 10000"), RebalanceSpec.DEFAULTS.maxPartitionsInFlight()));
  }
}
