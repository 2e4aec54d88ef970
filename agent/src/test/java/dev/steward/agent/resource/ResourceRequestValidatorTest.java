package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.agent.v1.JavaRuntimeResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.SysctlResource;
import dev.steward.agent.v1.UserResource;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs on which the agent's request validation and the inventory's used to disagree. The
 * inventory's SharedRulesValidationTest gives it the same inputs: both now read one rule.
 */
class ResourceRequestValidatorTest {

  static List<String> problemsOf(Resource.Builder resource) {
    return ResourceRequestValidator.problems(List.of(resource.setId("r").build()));
  }

  static Resource.Builder sysctl(String key, String value) {
    return Resource.newBuilder().setSysctl(SysctlResource.newBuilder().setPath("/etc/sysctl.d/60-steward.conf")
        .putValues(key, value));
  }

  static Resource.Builder firewallRule(String tag, String from) {
    return Resource.newBuilder().setFirewall(FirewallResource.newBuilder().addRules(FirewallRule.newBuilder()
        .setTag(tag).setAction(FirewallAction.FIREWALL_ACTION_ALLOW).setPort(9092).setProtocol("tcp").setFrom(from)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Kafka", "kafka.svc"})
  void accountNamesWithUpperCaseOrDotsAreRefusedAsTheInventoryRefusesThem(String name) {
    assertThat(problemsOf(Resource.newBuilder().setUser(UserResource.newBuilder().setName(name))))
        .singleElement().asString().contains("user.name").contains("lower-case");
    assertThat(problemsOf(Resource.newBuilder().setFile(FileResource.newBuilder().setPath("/f").setOwner(name))))
        .singleElement().asString().contains("file.owner");
  }

  static List<String> packageNamesTheInventoryRefuses() {
    return List.of("openjdk-17-jre-", "a".repeat(129));
  }

  @ParameterizedTest
  @MethodSource("packageNamesTheInventoryRefuses")
  void packageNamesTheInventoryRefusesAreRefused(String name) {
    assertThat(problemsOf(Resource.newBuilder().setAptPackage(AptPackageResource.newBuilder().setName(name))))
        .singleElement().asString().contains("apt_package.name").contains("not ending in '-'");
    assertThat(problemsOf(Resource.newBuilder().setJavaRuntime(JavaRuntimeResource.newBuilder()
        .setInstallPackage(name)))).singleElement().asString().contains("java_runtime.install_package");
  }

  @ParameterizedTest
  @ValueSource(strings = {"swappiness", "_vm.swappiness", "vm..swappiness"})
  void sysctlKeysTheInventoryRefusesAreRefused(String key) {
    assertThat(problemsOf(sysctl(key, "1"))).singleElement().asString().contains("sysctl.values key")
        .contains("two or more parts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"net.ipv4.conf.eth0/100.rp_filter", "net/ipv4/conf/eth0.100/accept_redirects",
      "net.ipv4.conf.Wlan0.rp_filter"})
  void sysctlKeysTheInventoryAcceptsAreAccepted(String key) {
    assertThat(problemsOf(sysctl(key, "1"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1\t2", "1=2"})
  void sysctlValuesTheRendererWouldRefuseAreRefusedUpFront(String value) {
    assertThat(problemsOf(sysctl("vm.swappiness", value))).singleElement().asString()
        .contains("sysctl.values[");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:10.0.0.1", "10.1/8", "010.0.0.1"})
  void firewallSourcesTheInventoryRefusesAreRefused(String from) {
    assertThat(problemsOf(firewallRule("kafka", from))).singleElement().asString()
        .contains("firewall.rules[0].from");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-kafka", "_kafka", ".kafka"})
  void firewallTagsTheUfwHandlerRefusesAreRefused(String tag) {
    assertThat(problemsOf(firewallRule(tag, ""))).singleElement().asString().contains("firewall.rules[0].tag");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void checksumsAreTakenInEitherCaseAsTheInventoryTakesThem(boolean upper) {
    String sha = "ab".repeat(64);
    Resource archive = Resources.archive("kafka_2.13-3.9.1.tgz", upper ? sha.toUpperCase(Locale.ROOT) : sha);
    assertThat(ResourceRequestValidator.problems(List.of(archive))).isEmpty();
    assertThat(ResourceRequestValidator.problems(List.of(Resources.archive("k.tgz", sha.substring(1)))))
        .singleElement().asString().contains("archive.sha512");
  }
}
