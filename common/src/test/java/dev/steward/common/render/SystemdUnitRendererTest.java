package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.JAVA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import org.junit.jupiter.api.Test;

class SystemdUnitRendererTest {

  private static ServiceResource.Builder kafka(JvmLaunch.Builder launch) {
    return ServiceResource.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).setEnabled(true).setLaunch(launch);
  }

  private static JvmLaunch.Builder launch() {
    return JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/opt/kafka/config/server.properties")
        .setLogDir("/opt/kafka/logs");
  }

  @Test
  void brokerWithoutALocalZooKeeperDoesNotRequireOne() {
    String unit = SystemdUnitRenderer.render(kafka(launch()).build(), JAVA);
    assertThat(unit).contains("After=network-online.target\n").doesNotContain("zookeeper.service", "Requires=");
  }

  @Test
  void brokerWithALocalZooKeeperStartsAfterAndRequiresIt() {
    String unit = SystemdUnitRenderer.render(kafka(launch()).addRequires(ServiceName.SERVICE_NAME_ZOOKEEPER).build(), JAVA);
    assertThat(unit).contains("After=network-online.target zookeeper.service\nRequires=zookeeper.service\n");
  }

  @Test
  void emptyUserAndGroupRunAsTheAgentsUserAndUnsetTimeoutsFallBack() {
    String unit = SystemdUnitRenderer.render(kafka(launch()).build(), JAVA);
    assertThat(unit).doesNotContain("User=", "Group=", "TimeoutStopSec=", "LimitNOFILE=").contains("RestartSec=10\n");
  }

  @Test
  void connectRestartsOnlyOnFailureAsTheGuideHasIt() {
    ServiceResource connect = kafka(launch()).setService(ServiceName.SERVICE_NAME_KAFKA_CONNECT).build();
    assertThat(SystemdUnitRenderer.render(connect, JAVA)).contains("Description=Apache Kafka Connect\n",
        "Restart=on-failure\n", "org.apache.kafka.connect.cli.ConnectDistributed");
  }

  @Test
  void argumentsAreQuotedAndEscapedTheWaySystemdReadsThem() {
    assertThat(SystemdQuoting.quote("-Dplain=value")).isEqualTo("-Dplain=value");
    assertThat(SystemdQuoting.quote("/opt/kafka/libs/*")).as("systemd does not glob").isEqualTo("/opt/kafka/libs/*");
    assertThat(SystemdQuoting.quote("/opt/my kafka")).isEqualTo("\"/opt/my kafka\"");
    assertThat(SystemdQuoting.quote("-Dx=100%")).as("specifier").isEqualTo("-Dx=100%%");
    assertThat(SystemdQuoting.quote("-Dx=$HOME")).as("variable").isEqualTo("-Dx=$$HOME");
    assertThat(SystemdQuoting.quote("-Dx=\"q\"")).isEqualTo("\"-Dx=\\\"q\\\"\"");
    assertThat(SystemdQuoting.quote("-Dx=a\\b")).isEqualTo("\"-Dx=a\\\\b\"");
    assertThat(SystemdQuoting.quote(";")).isEqualTo("\";\"");
    assertThat(SystemdQuoting.quote("")).isEqualTo("\"\"");
    assertThatThrownBy(() -> SystemdQuoting.quote("a\nb")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sandboxPathsWithSpecialCharactersReachTheUnitIntact() {
    JvmLaunch.Builder sandbox = JvmLaunch.newBuilder().setInstallDir("/tmp/sb 1/opt/kafka")
        .setConfigFile("/tmp/sb 1/opt/kafka/config/server.properties").setLogDir("/tmp/sb 1/opt/kafka/logs");
    String unit = SystemdUnitRenderer.render(kafka(sandbox).build(), JAVA);
    assertThat(unit).contains("WorkingDirectory=/tmp/sb 1/opt/kafka\n", " \"/tmp/sb 1/opt/kafka/libs/*\" ",
        " kafka.Kafka \"/tmp/sb 1/opt/kafka/config/server.properties\"\n");
  }

  @Test
  void unsafeUserNameIsRefused() {
    assertThatThrownBy(() -> SystemdUnitRenderer.render(kafka(launch().setUser("kafka\nExecStartPre=/bin/evil")).build(),
        JAVA)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsafeJvmOptionIsRefusedByTheSharedCommandLine() {
    assertThatThrownBy(() -> SystemdUnitRenderer.render(kafka(launch().addJvmOptions("-Dx=1 -Dy=2")).build(), JAVA))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyManagedServiceHasAUnitName() {
    assertThat(SystemdUnitRenderer.unitName(ServiceName.SERVICE_NAME_ZOOKEEPER)).isEqualTo("zookeeper.service");
    assertThat(SystemdUnitRenderer.unitName(ServiceName.SERVICE_NAME_KAFKA_CONNECT)).isEqualTo("kafka-connect.service");
  }
}
