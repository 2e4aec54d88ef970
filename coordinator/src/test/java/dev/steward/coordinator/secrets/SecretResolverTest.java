package dev.steward.coordinator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

  private static Inventory inventory(String secretSource) throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1}
        connect: {hosts: [a]}
        secrets:
          db: %s
        connectors:
          - {name: c, class: a.B, config: {database.password: "${secret:db}"}}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(secretSource), null, "s.yaml").inventory();
  }

  @Test
  void aSecretFromTheEnvironmentIsReadAndNeverPrinted() throws Exception {
    var values = new SecretResolver(Map.of("DB_PW", "hunter2")::get).resolve(inventory("{env: DB_PW}"));

    assertThat(values.value("db")).contains("hunter2");
    assertThat(values.toString()).doesNotContain("hunter2").contains("db");
  }

  @Test
  void anUnsetVariableIsBadInputNamingTheSecretAndTheVariable() {
    assertThatThrownBy(() -> new SecretResolver(name -> null).resolve(inventory("{env: DB_PW}")))
        .hasMessageContaining("secrets.db").hasMessageContaining("DB_PW");
  }

  @Test
  void aFileLosesItsTrailingNewlineButKeepsTheRest(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), " p@ss=w\\rd \n");
    var values = new SecretResolver(name -> null).resolve(inventory("{file: " + file + "}"));

    assertThat(values.value("db")).contains(" p@ss=w\\rd ");
  }

  @Test
  void aTwoLineFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "a\nb\n");
    assertThatThrownBy(() -> new SecretResolver(name -> null).resolve(inventory("{file: " + file + "}")))
        .hasMessageContaining("control character").hasMessageNotContaining("a\nb");
  }
}
