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
 * distribution. Its launch fields name logical paths like every other resource; the agent maps
 * them under its host root when it builds the command line.
 */
public final class ServiceResources {

  private ServiceResources() {
  }

  /** A service restarted the guide's {@link GuideDefaults#RESTART_DELAY_SECONDS} after a crash. */
  public static Resource running(ServiceName service, Inventory inventory, String configFile,
      String heap, List<String> jvmOptions, List<ServiceName> requires) {
    return running(service, inventory, configFile, heap, jvmOptions, requires, GuideDefaults.RESTART_DELAY_SECONDS);
  }

  /**
   * @param restartDelaySeconds how long after a crash the service is started again: systemd's
   *     {@code RestartSec=}, and the base of the supervisor's backoff
   */
  public static Resource running(ServiceName service, Inventory inventory, String configFile,
      String heap, List<String> jvmOptions, List<ServiceName> requires, int restartDelaySeconds) {
    InstallSpec install = inventory.install();
    JvmLaunch launch = JvmLaunch.newBuilder()
        .setInstallDir(install.kafkaHome())
        .setConfigFile(configFile)
        .setLogDir(logDir(install, service))
        .addHeapOptions("-Xmx" + heap)
        .addHeapOptions("-Xms" + heap)
        .addAllJvmOptions(jvmOptions)
        .setUser(install.user())
        .setGroup(install.group())
        .setStopTimeoutSeconds(install.stopTimeoutSeconds())
        .setLimitNofile(install.limitNofile())
        .setRestartDelaySeconds(restartDelaySeconds)
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

  /** Where Kafka logs: the distribution's logs directory, as in the guide. */
  public static String logDir(InstallSpec install) {
    return install.kafkaHome() + "/logs";
  }

  /**
   * Where a service logs. ZooKeeper gets a directory of its own below Kafka's: both log through
   * the distribution's log4j.properties, whose file is "server.log" in the log directory, and
   * two processes must never write one file.
   */
  public static String logDir(InstallSpec install, ServiceName service) {
    return service == ServiceName.SERVICE_NAME_ZOOKEEPER ? logDir(install) + "/zookeeper" : logDir(install);
  }

  /** A configuration file of the active distribution, e.g. /opt/kafka/config/server.properties. */
  public static String configFile(InstallSpec install, String name) {
    return install.kafkaHome() + "/config/" + name;
  }
}
