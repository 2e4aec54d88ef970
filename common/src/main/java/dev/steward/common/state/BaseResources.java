package dev.steward.common.state;

import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.JavaRuntimeResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.SysctlResource;
import dev.steward.agent.v1.UserResource;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.render.FirewallRules;
import dev.steward.common.render.SysctlRenderer;
import dev.steward.common.service.ServiceDescriptor;
import dev.steward.common.service.Services;
import java.util.ArrayList;
import java.util.List;

/**
 * The first phase, on every host: the guide's Step 2 (user, binaries, directories) plus Java,
 * extra packages, kernel tuning and firewall. Everything a service needs before it can start.
 */
final class BaseResources {

  private BaseResources() {
  }

  static List<Resource> of(Inventory inventory, HostSpec host, String kafkaSha512) {
    InstallSpec install = inventory.install();
    List<Resource> resources = new ArrayList<>();
    if (!install.user().isEmpty()) {
      resources.add(Resource.newBuilder().setId(ResourceIds.user(install.user()))
          .setUser(UserResource.newBuilder()
              .setName(install.user())
              .setGroup(install.group())
              .setSystem(true)
              .setShell(GuideDefaults.SERVICE_USER_SHELL))
          .build());
    }
    for (String name : install.packages()) {
      resources.add(Resource.newBuilder().setId(ResourceIds.aptPackage(name))
          .setAptPackage(AptPackageResource.newBuilder().setName(name)).build());
    }
    resources.add(Resource.newBuilder().setId(ResourceIds.JAVA)
        .setJavaRuntime(JavaRuntimeResource.newBuilder()
            .setMinFeatureVersion(inventory.preflight().minJavaFeatureVersion())
            .setInstallPackage(install.javaPackage()))
        .build());
    resources.add(Resource.newBuilder().setId(ResourceIds.directory(install.root()))
        .setDirectory(DirectoryResource.newBuilder().setPath(install.root()).setMode(Resources.DIRECTORY_MODE))
        .build());
    resources.add(archive(inventory, host, kafkaSha512));
    resources.add(Resources.ownedDirectory(ServiceResources.logDir(install), Resources.DIRECTORY_MODE, install));
    for (ServiceDescriptor service : Services.on(inventory, host)) {
      resources.addAll(service.directories(inventory));
    }
    if (inventory.sysctl().enabled()) {
      resources.add(Resource.newBuilder().setId(ResourceIds.SYSCTL)
          .setSysctl(SysctlResource.newBuilder().setPath(SysctlRenderer.PATH).putAllValues(inventory.sysctl().values()))
          .build());
    }
    if (inventory.firewall().enabled()) {
      FirewallResource.Builder firewall = FirewallResource.newBuilder()
          .setEnable(inventory.firewall().enableUfw())
          .addAllRules(FirewallRules.forHost(inventory, host))
          .addNeverBlockPorts(inventory.firewall().sshPort());
      // The agent port stays open to everyone unless coordinatorAddresses narrows it: then the
      // agent-<address> rules (added before ufw is enabled) are what keeps the coordinator in, and
      // a never-block rule for the port would contradict them (the agent refuses that).
      if (inventory.firewall().coordinatorAddresses().isEmpty()) {
        firewall.addNeverBlockPorts(host.agentPort());
      }
      resources.add(Resource.newBuilder().setId(ResourceIds.FIREWALL).setFirewall(firewall).build());
    }
    return resources;
  }

  /** The distribution; a change of binaries concerns every service the host runs. */
  private static Resource archive(Inventory inventory, HostSpec host, String sha512) {
    InstallSpec install = inventory.install();
    Resource.Builder archive = Resource.newBuilder().setId(ResourceIds.KAFKA_ARCHIVE)
        .setArchive(ArchiveResource.newBuilder()
            .setName(inventory.kafka().distributionName())
            .setSha512(sha512)
            .setInstallRoot(install.root())
            .setLink(install.kafkaHome())
            .setOwner(install.user())
            .setGroup(install.group()));
    for (ServiceDescriptor service : Services.on(inventory, host)) {
      archive.addNotifies(service.id());
    }
    return archive.build();
  }
}
