package dev.steward.common.state;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.common.inventory.GuideDefaults;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import java.util.List;

/**
 * The service resource of ZooKeeper or Kafka: running, enabled, launched from the active
 * distribution. Its launch fields name real paths, because the JVM it starts is not confined
 * to the host's root.
 */
final class ServiceResources {

  private ServiceResources() {
  }

  static Resource running(ServiceName service, Inventory inventory, HostLayout layout, String configFile,
      String heap, List<String> jvmOptions, List<ServiceName> requires) {
    InstallSpec install = inventory.install();
    String kafkaHome = install.kafkaHome();
    JvmLaunch launch = JvmLaunch.newBuilder()
        .setInstallDir(layout.real(kafkaHome))
        .setConfigFile(layout.real(configFile))
        .setLogDir(layout.real(logDir(install)))
        .addHeapOptions("-Xmx" + heap)
        .addHeapOptions("-Xms" + heap)
        .addAllJvmOptions(jvmOptions)
        .setUser(install.user())
        .setGroup(install.group())
        .setStopTimeoutSeconds(install.stopTimeoutSeconds())
        .setLimitNofile(install.limitNofile())
        .setRestartDelaySeconds(GuideDefaults.RESTART_DELAY_SECONDS)
        .build();
    return Resource.newBuilder()
        .setId(ResourceIds.service(service))
        .setService(ServiceResource.newBuilder()
            .setService(service)
            .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
            .setEnabled(true)
            .setLaunch(launch)
            .addAllRequires(requires))
        .build();
  }

  /** Where the services log: the distribution's logs directory, as in the guide. */
  static String logDir(InstallSpec install) {
    return install.kafkaHome() + "/logs";
  }

  /** A configuration file of the active distribution, e.g. /opt/kafka/config/server.properties. */
  static String configFile(InstallSpec install, String name) {
    return install.kafkaHome() + "/config/" + name;
  }
}
