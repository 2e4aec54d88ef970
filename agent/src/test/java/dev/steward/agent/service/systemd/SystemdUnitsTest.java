package dev.steward.agent.service.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdUnitsTest {

  static final String JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";

  static ServiceResource kafka() {
    return ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA)
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setEnabled(true)
        .addRequires(ServiceName.SERVICE_NAME_ZOOKEEPER)
        .setLaunch(JvmLaunch.newBuilder()
            .setInstallDir("/opt/kafka")
            .setConfigFile("/opt/kafka/config/server.properties")
            .setLogDir("/var/log/kafka")
            .addAllHeapOptions(List.of("-Xmx2G", "-Xms2G"))
            .addAllJvmOptions(List.of("-server", "-XX:+UseG1GC"))
            .setUser("kafka")
            .setGroup("kafka")
            .setStopTimeoutSeconds(180)
            .setLimitNofile(100000)
            .setRestartDelaySeconds(10))
        .build();
  }

  @Test
  void kafkaUnitRunsTheJvmDirectlyAsKafkaAfterZooKeeperWithTheGuidesSettings() {
    String unit = SystemdUnits.render(kafka(), JAVA);

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
    String unit = SystemdUnits.render(kafka(), JAVA);

    assertThat(unit).doesNotContain("Requires=").contains("Wants=zookeeper.service\nAfter=zookeeper.service\n");
  }

  @Test
  void zooKeeperWithoutUserLimitOrTimeoutsGetsDefaultsAndNoUserLines() {
    ServiceResource zk = kafka().toBuilder().setService(ServiceName.SERVICE_NAME_ZOOKEEPER).clearRequires()
        .setLaunch(kafka().getLaunch().toBuilder().clearUser().clearGroup().clearLimitNofile()
            .clearStopTimeoutSeconds().clearRestartDelaySeconds().setConfigFile("/opt/kafka/config/zookeeper.properties"))
        .build();

    String unit = SystemdUnits.render(zk, JAVA);

    assertThat(unit).contains("Description=Apache ZooKeeper (managed by Steward)")
        .contains("org.apache.zookeeper.server.quorum.QuorumPeerMain /opt/kafka/config/zookeeper.properties\n")
        .contains("TimeoutStopSec=120\n").contains("RestartSec=10\n")
        .doesNotContain("User=").doesNotContain("Group=").doesNotContain("LimitNOFILE").doesNotContain("zookeeper.service");
  }

  @Test
  void execWordsWithSpecifiersDollarsQuotesOrSpacesReachTheProcessUnchanged() {
    assertThat(SystemdUnits.quote("-Dx=100%")).isEqualTo("-Dx=100%%");
    assertThat(SystemdUnits.quote("-Dcost=$HOME")).isEqualTo("-Dcost=$$HOME");
    assertThat(SystemdUnits.quote("/opt/my kafka")).isEqualTo("\"/opt/my kafka\"");
    assertThat(SystemdUnits.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(SystemdUnits.quote(";")).isEqualTo("\";\"");
    assertThat(SystemdUnits.quote("")).isEqualTo("\"\"");
    assertThat(SystemdUnits.execLine(List.of("/bin/java", "-cp", "/opt/kafka/libs/*"))).isEqualTo("/bin/java -cp /opt/kafka/libs/*");
  }

  @Test
  void aUserNameThatCouldInjectUnitLinesIsRefused() {
    ServiceResource evil = kafka().toBuilder()
        .setLaunch(kafka().getLaunch().toBuilder().setUser("kafka\nExecStartPre=/bin/rm -rf /")).build();

    assertThatThrownBy(() -> SystemdUnits.render(evil, JAVA)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("launch.user").hasMessageNotContaining("\n");
  }

  @Test
  void anUnsafeJvmOptionIsRefusedByTheSharedCommandLine() {
    ServiceResource evil = kafka().toBuilder()
        .setLaunch(kafka().getLaunch().toBuilder().addJvmOptions("-Xmx1g -Dother")).build();

    assertThatThrownBy(() -> SystemdUnits.render(evil, JAVA)).hasMessageContaining("unsafe JVM option");
  }
}
