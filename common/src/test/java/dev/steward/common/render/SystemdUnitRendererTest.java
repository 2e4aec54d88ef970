package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.JAVA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdUnitRendererTest {

  private static ServiceResource.Builder kafka(JvmLaunch.Builder launch) {
    return ServiceResource.newBuilder().setService(ServiceName.SERVICE_NAME_KAFKA).setEnabled(true).setLaunch(launch);
  }

  private static JvmLaunch.Builder launch() {
    return JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/opt/kafka/config/server.properties")
        .setLogDir("/opt/kafka/logs");
  }

  /** A broker on a host that runs ZooKeeper too, with every launch setting given. */
  private static ServiceResource brokerNextToZooKeeper() {
    return kafka(launch().setLogDir("/var/log/kafka").addAllHeapOptions(List.of("-Xmx2G", "-Xms2G"))
        .addAllJvmOptions(List.of("-server", "-XX:+UseG1GC")).setUser("kafka").setGroup("kafka")
        .setStopTimeoutSeconds(180).setLimitNofile(100000).setRestartDelaySeconds(10))
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING).addRequires(ServiceName.SERVICE_NAME_ZOOKEEPER).build();
  }

  @Test
  void kafkaUnitRunsTheJvmDirectlyAsKafkaAfterZooKeeperWithTheGuidesSettings() {
    String unit = SystemdUnitRenderer.render(brokerNextToZooKeeper(), JAVA);

    assertThat(unit).isEqualTo("""
        # Managed by Steward (kafka service resource): changes here are overwritten by the next apply.
        [Unit]
        Description=Apache Kafka (managed by Steward)
        Wants=network-online.target
        After=network-online.target
        Wants=zookeeper.service
        After=zookeeper.service

        [Service]
        Type=simple
        User=kafka
        Group=kafka
        WorkingDirectory=/opt/kafka
        ExecStart=/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx2G -Xms2G -server -XX:+UseG1GC \
        -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties -Dkafka.logs.dir=/var/log/kafka \
        -Dzookeeper.log.dir=/var/log/kafka -cp /opt/kafka/libs/* kafka.Kafka /opt/kafka/config/server.properties
        Restart=always
        RestartSec=10
        KillSignal=SIGTERM
        TimeoutStopSec=180
        SuccessExitStatus=143
        LimitNOFILE=100000

        [Install]
        WantedBy=multi-user.target
        """);
  }

  @Test
  void requiredServiceIsWantedNotRequiredSoRestartingZooKeeperNeverRestartsKafka() {
    String unit = SystemdUnitRenderer.render(brokerNextToZooKeeper(), JAVA);

    assertThat(unit).doesNotContain("Requires=").contains("Wants=zookeeper.service\nAfter=zookeeper.service\n");
  }

  @Test
  void brokerWithoutALocalZooKeeperDoesNotRequireOne() {
    String unit = SystemdUnitRenderer.render(kafka(launch()).build(), JAVA);
    assertThat(unit).contains("After=network-online.target\n").doesNotContain("zookeeper.service", "Requires=");
  }

  @Test
  void zooKeeperWithoutUserLimitOrTimeoutsGetsDefaultsAndNoUserLines() {
    ServiceResource zk = brokerNextToZooKeeper().toBuilder().setService(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .clearRequires()
        .setLaunch(brokerNextToZooKeeper().getLaunch().toBuilder().clearUser().clearGroup().clearLimitNofile()
            .clearStopTimeoutSeconds().clearRestartDelaySeconds().setConfigFile("/opt/kafka/config/zookeeper.properties"))
        .build();

    String unit = SystemdUnitRenderer.render(zk, JAVA);

    assertThat(unit).contains("Description=Apache ZooKeeper (managed by Steward)")
        .contains("org.apache.zookeeper.server.quorum.QuorumPeerMain /opt/kafka/config/zookeeper.properties\n")
        .contains("TimeoutStopSec=120\n").contains("RestartSec=10\n")
        .doesNotContain("User=").doesNotContain("Group=").doesNotContain("LimitNOFILE").doesNotContain("zookeeper.service");
  }

  @Test
  void emptyUserAndGroupRunAsTheAgentsUserAndUnsetTimeoutsFallBack() {
    String unit = SystemdUnitRenderer.render(kafka(launch()).build(), JAVA);
    assertThat(unit).doesNotContain("User=", "Group=", "LimitNOFILE=")
        .contains("RestartSec=10\n", "TimeoutStopSec=120\n");
  }

  @Test
  void stopTimeoutIsTheLaunchsOrTheDefault() {
    assertThat(SystemdUnitRenderer.stopTimeoutSeconds(launch().setStopTimeoutSeconds(180).build())).isEqualTo(180);
    assertThat(SystemdUnitRenderer.stopTimeoutSeconds(launch().build())).isEqualTo(120);
  }

  @Test
  void connectRestartsOnlyOnFailureAsTheGuideHasIt() {
    ServiceResource connect = kafka(launch()).setService(ServiceName.SERVICE_NAME_KAFKA_CONNECT).build();
    assertThat(SystemdUnitRenderer.render(connect, JAVA)).contains("Description=Apache Kafka Connect (managed by Steward)\n",
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
  void execWordsWithSpecifiersDollarsQuotesOrSpacesReachTheProcessUnchanged() {
    assertThat(SystemdQuoting.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(SystemdQuoting.quote("/opt/my 100% $kafka")).isEqualTo("\"/opt/my 100%% $$kafka\"");
    assertThat(SystemdQuoting.execLine(List.of("/bin/java", "-Dcost=$HOME", "-cp", "/opt/kafka/libs/*")))
        .isEqualTo("/bin/java -Dcost=$$HOME -cp /opt/kafka/libs/*");
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
  void aUserNameThatCouldInjectUnitLinesIsRefused() {
    ServiceResource evil = kafka(launch().setUser("kafka\nExecStartPre=/bin/rm -rf /")).build();

    assertThatThrownBy(() -> SystemdUnitRenderer.render(evil, JAVA)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("launch.user").hasMessageNotContaining("\n");
  }

  @Test
  void unsafeJvmOptionIsRefusedByTheSharedCommandLine() {
    assertThatThrownBy(() -> SystemdUnitRenderer.render(kafka(launch().addJvmOptions("-Xmx1g -Dother")).build(), JAVA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsafe JVM option");
  }

  @Test
  void everyManagedServiceHasAUnitName() {
    assertThat(SystemdUnitRenderer.unitName(ServiceName.SERVICE_NAME_ZOOKEEPER)).isEqualTo("zookeeper.service");
    assertThat(SystemdUnitRenderer.unitName(ServiceName.SERVICE_NAME_KAFKA)).isEqualTo("kafka.service");
    assertThat(SystemdUnitRenderer.unitName(ServiceName.SERVICE_NAME_KAFKA_CONNECT)).isEqualTo("kafka-connect.service");
  }
}
