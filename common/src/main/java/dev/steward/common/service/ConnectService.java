package dev.steward.common.service;

import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.ConnectSpec;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.PluginSpec;
import dev.steward.common.render.ConnectPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import dev.steward.common.state.Resources;
import dev.steward.common.state.ServiceResources;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka Connect workers in distributed mode (the guide's Step 9) on the hosts {@code connect.hosts}
 * names, started once every broker is registered.
 */
public final class ConnectService implements ServiceDescriptor {

  public static final String NAME = "kafka-connect";
  public static final String REST_TAG = "connect-rest";

  @Override
  public ServiceName id() {
    return ServiceName.SERVICE_NAME_KAFKA_CONNECT;
  }

  @Override
  public List<String> startsAfter() {
    return List.of(KafkaService.NAME);
  }

  @Override
  public List<HostSpec> hosts(Inventory inventory) {
    return inventory.connectHosts();
  }

  @Override
  public List<Resource> directories(Inventory inventory) {
    InstallSpec install = inventory.install();
    return List.of(
        Resources.ownedDirectory(GuideDefaults.CONNECT_PLUGIN_ROOT, Resources.DIRECTORY_MODE, install),
        Resources.ownedDirectory(ConnectPropertiesRenderer.pluginPath(), Resources.DIRECTORY_MODE, install));
  }

  @Override
  public List<String> dataPaths(Inventory inventory) {
    // a worker keeps its state in Kafka topics; it has no data directory of its own
    return List.of();
  }

  @Override
  public List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout, SecretValues secrets) {
    InstallSpec install = inventory.install();
    ConnectSpec connect = inventory.connect();
    String configFile = ServiceResources.configFile(install, "connect-distributed.properties");
    List<Resource> resources = new ArrayList<>();
    for (PluginSpec plugin : connect.plugins()) {
      resources.add(plugin(plugin, install));
    }
    for (String secret : ConnectSecrets.used(inventory)) {
      String value = secrets.value(secret).orElseThrow(() -> new IllegalArgumentException("no value for secret "
          + secret + ": the coordinator resolves every secret before it builds the desired state"));
      resources.add(Resources.secretFile(ConnectSecrets.logicalPath(install, secret), ConnectSecrets.fileContent(value),
          install));
    }
    resources.add(Resources.configFile(configFile, ConnectPropertiesRenderer.render(inventory, host, layout), install,
        id()));
    // a worker only depends on a broker of its own host; remote ones are reached over the network
    List<ServiceName> requires = host.runsKafka() ? List.of(ServiceName.SERVICE_NAME_KAFKA) : List.of();
    resources.add(ServiceResources.running(id(), inventory, configFile, connect.heap(), connect.jvmOptions(),
        requires));
    return resources;
  }

  /** Unpacked beside the plugin path and linked into it, so a new version replaces the old one in one rename. */
  private Resource plugin(PluginSpec plugin, InstallSpec install) {
    return Resource.newBuilder()
        .setId("archive:connect-plugin:" + plugin.name())
        .addNotifies(id())
        .setArchive(ArchiveResource.newBuilder()
            .setName(plugin.versionName())
            .setSha512(plugin.artifact().sha512().orElseThrow())
            .setInstallRoot(GuideDefaults.CONNECT_PLUGIN_ROOT)
            .setLink(ConnectPropertiesRenderer.pluginPath() + "/" + plugin.name())
            .setOwner(install.user())
            .setGroup(install.group()))
        .build();
  }

  @Override
  public List<Listener> listens(Inventory inventory, HostSpec host) {
    // the REST API has no authentication: only the other workers (request forwarding) and the coordinator
    boolean open = inventory.firewall().coordinatorAddresses().isEmpty();
    return List.of(new Listener(REST_TAG, "connect.restPort", host.address(), inventory.connect().restPort(),
        List.of(), true, open));
  }

  @Override
  public List<Dial> dials() {
    return List.of(new Dial(KafkaService.NAME, "kafka"), new Dial(NAME, REST_TAG));
  }
}
