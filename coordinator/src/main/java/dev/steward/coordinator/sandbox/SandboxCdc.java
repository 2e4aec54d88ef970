package dev.steward.coordinator.sandbox;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.cdc.GuideSchema;
import dev.steward.coordinator.cdc.LocalPostgres;
import dev.steward.coordinator.cdc.PostgresTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The guide's CDC pipeline on the sandbox: a local PostgreSQL with logical replication on h1's
 * address, the guide's analytics_db, user_events table, rows and cdc_user, and the inventory
 * extended with the bundled Debezium plugin, the password as a secret file, and the guide's
 * connector (RegexRouter to cdc.user_events). `sandbox cdc` then applies it like any inventory.
 */
public final class SandboxCdc {

  public static final String CONNECTOR = "postgres-debezium-connector";
  public static final String SECRET = "cdc-db-password";
  public static final String CDC_USER = "cdc_user";
  public static final String PUBLICATION = "debezium_publication";
  public static final String SLOT = "debezium_slot";
  public static final int PORT = 5432;

  private final SandboxLayout layout;

  public SandboxCdc(SandboxLayout layout) {
    this.layout = layout;
  }

  /** Where the database lives: the sandbox directory, unless root's PostgreSQL user could not reach it there. */
  public Path dataDir() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return layout.dir().resolve("postgres");
    }
    // PostgreSQL refuses to run as root and runs as the postgres user, which cannot enter /root
    return Path.of("/var/tmp", "steward-sandbox-postgres-" + Integer.toHexString(layout.dir().toString().hashCode()));
  }

  public Path secretFile(String name) {
    return layout.dir().resolve("secrets").resolve(name);
  }

  /** Starts (or reuses) PostgreSQL and creates the guide's objects; returns the connector's login. */
  public PostgresTarget startDatabase(Inventory inventory) throws IOException {
    HostSpec h1 = inventory.hosts().get(0);
    String superPassword = password("postgres-superuser");
    String cdcPassword = password(SECRET);
    LocalPostgres server = LocalPostgres.start(new LocalPostgres.Options(dataDir(), h1.address(), PORT, "postgres",
        superPassword, "logical", 10, 10));
    return GuideSchema.create(server.superuser("postgres"), CDC_USER, cdcPassword, PUBLICATION);
  }

  public boolean stopDatabase() {
    return LocalPostgres.stopIfRunning(dataDir());
  }

  /** Adds the plugin, the secret and the guide's connector to the sandbox inventory, once. */
  public boolean extendInventory(Inventory inventory, Path pluginArchive) throws IOException {
    String text = Files.readString(layout.inventory());
    if (text.contains("\nconnectors:")) {
      return false;
    }
    String address = inventory.hosts().get(0).address();
    text = text.replaceFirst("\nconnect:\n", "\nconnect:\n  plugins:\n    # bundled with Steward (artifacts/), SHA-512 "
        + "from the .sha512 beside it\n    - {name: debezium-postgres, path: " + pluginArchive + "}\n");
    text += """
        # added by `steward sandbox cdc`: the guide's Debezium connector, its password read from a file
        secrets:
          %s: {file: %s}
        connectors:
          - name: %s
            class: io.debezium.connector.postgresql.PostgresConnector
            tasksMax: 1
            config:
              database.hostname: %s
              database.port: "%d"
              database.user: %s
              database.password: ${secret:%s}
              database.dbname: analytics_db
              schema.include.list: public
              table.include.list: public.user_events
              publication.name: %s
              publication.autocreate.mode: disabled
              slot.name: %s
              topic.prefix: postgres
              plugin.name: pgoutput
              transforms: route
              transforms.route.type: org.apache.kafka.connect.transforms.RegexRouter
              transforms.route.regex: "([^.]+)\\\\.([^.]+)\\\\.([^.]+)"
              transforms.route.replacement: cdc.$3
        """.formatted(SECRET, secretFile(SECRET), CONNECTOR, address, PORT, CDC_USER, SECRET, PUBLICATION, SLOT);
    Path temp = layout.inventory().resolveSibling(layout.inventory().getFileName() + ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, layout.inventory(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** A password kept in the sandbox's secrets directory (mode 0600), made once. */
  private String password(String name) throws IOException {
    Path file = secretFile(name);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return password;
  }
}
