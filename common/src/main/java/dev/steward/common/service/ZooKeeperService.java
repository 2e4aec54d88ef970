package dev.steward.common.service;

import dev.steward.agent.v1.MyIdResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostPorts;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.ZooKeeperSpec;
import dev.steward.common.render.BuiltInDefaults;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import dev.steward.common.state.ResourceIds;
import dev.steward.common.state.Resources;
import dev.steward.common.state.ServiceResources;
import java.util.ArrayList;
import java.util.List;

/** The ZooKeeper ensemble: the guide's Step 3 on every host with a zookeeperId. */
public final class ZooKeeperService implements ServiceDescriptor {

  public static final String NAME = "zookeeper";

  @Override
  public ServiceName id() {
    return ServiceName.SERVICE_NAME_ZOOKEEPER;
  }

  @Override
  public List<String> startsAfter() {
    return List.of();
  }

  @Override
  public List<HostSpec> hosts(Inventory inventory) {
    return inventory.zookeeperHosts();
  }

  @Override
  public List<Resource> directories(Inventory inventory) {
    InstallSpec install = inventory.install();
    return List.of(
        Resources.ownedDirectory(ServiceResources.logDir(install, id()), Resources.DIRECTORY_MODE, install),
        Resources.ownedDirectory(inventory.zookeeper().dataDir(), Resources.DATA_DIRECTORY_MODE, install));
  }

  @Override
  public List<String> dataPaths(Inventory inventory) {
    return List.of(inventory.zookeeper().dataDir());
  }

  @Override
  public List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout, SecretValues secrets) {
    InstallSpec install = inventory.install();
    ZooKeeperSpec zk = inventory.zookeeper();
    String configFile = ServiceResources.configFile(install, "zookeeper.properties");
    List<Resource> resources = new ArrayList<>();
    // compared by setting, so that a hand-written file that sets the same is kept (an adopted host)
    Resource config = Resources.withFile(Resources.configFile(configFile,
        ZooKeeperPropertiesRenderer.render(inventory, host, layout), install, id()),
        file -> file.setPropertiesEquivalence(BuiltInDefaults.zooKeeper()));
    List<String> jvmOptions = zk.jvmOptions();
    if (zk.dynamicMembership()) {
      resources.add(Resources.withFile(config, file -> file.setZookeeperStaticConfig(true)));
      // the members a new node starts with; ZooKeeper owns the file (and its successors) from then on
      resources.add(Resources.withFile(Resources.configFile(ZooKeeperPropertiesRenderer.dynamicFile(inventory),
          ZooKeeperPropertiesRenderer.renderMembers(inventory, inventory.zookeeperHosts()), install, id()),
          file -> file.setCreateOnly(true)));
      jvmOptions = new ArrayList<>(jvmOptions);
      secrets.value(SUPERUSER_DIGEST).ifPresent(jvmOptions::add);
    } else {
      resources.add(config);
    }
    resources.add(myId(inventory, host));
    resources.add(ServiceResources.running(id(), inventory, configFile, zk.heap(), jvmOptions, List.of()));
    return resources;
  }

  /** The host's myid in the data dir: also what a membership change asks a joining host's agent about first. */
  public static Resource myId(Inventory inventory, HostSpec host) {
    InstallSpec install = inventory.install();
    return Resource.newBuilder().setId(ResourceIds.MYID)
        .addNotifies(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .setMyid(MyIdResource.newBuilder()
            .setPath(inventory.zookeeper().dataDir() + "/myid")
            .setId(host.zookeeperId().getAsInt())
            .setOwner(install.user())
            .setGroup(install.group()))
        .build();
  }

  /**
   * The name under which the coordinator hands over the JVM option that makes Steward's reconfig
   * credential a ZooKeeper superuser ({@code -Dzookeeper.DigestAuthenticationProvider.superDigest=...}:
   * a digest, never the password).
   */
  public static final String SUPERUSER_DIGEST = "zookeeper.superuser-digest-option";

  @Override
  public List<Listener> listens(Inventory inventory, HostSpec host) {
    ZooKeeperSpec zk = inventory.zookeeper();
    List<String> coordinator = inventory.firewall().coordinatorAddresses();
    String client = zk.bindClientPortToHostAddress() ? host.address() : HostPorts.ALL_ADDRESSES;
    // ZooKeeper binds the quorum ports on the server.N address unless told to listen everywhere
    String quorum = "true".equalsIgnoreCase(zk.config().get("quorumListenOnAllIPs"))
        ? HostPorts.ALL_ADDRESSES : host.address();
    List<Listener> ports = new ArrayList<>();
    ports.add(new Listener("zk-client", "zookeeper.clientPort", client, zk.clientPort(), List.of(), true,
        coordinator.isEmpty()));
    ports.add(new Listener("zk-peer", "zookeeper.peerPort", quorum, zk.peerPort(), List.of(), false, false));
    ports.add(new Listener("zk-election", "zookeeper.electionPort", quorum, zk.electionPort(), List.of(), false,
        false));
    if (zk.adminServerEnabled()) {
      ports.add(new Listener("zk-admin", "zookeeper.adminServer.port", client, zk.adminServerPort(), List.of(), true,
          coordinator.isEmpty()));
    }
    return ports;
  }

  @Override
  public List<Dial> dials() {
    // election first: a starting node opens it before the quorum port
    return List.of(new Dial(NAME, "zk-election"), new Dial(NAME, "zk-peer"));
  }
}
