package dev.steward.common.render;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Inventories and resources shared by the renderer tests. */
final class RenderFixtures {

  static final String JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";

  private RenderFixtures() {
  }

  /** docs/examples/guide-3-nodes.yaml: the reference guide's cluster. */
  static Inventory guide() {
    try {
      return new InventoryLoader(ValidationOptions.strict())
          .load(Path.of("..", "docs", "examples", "guide-3-nodes.yaml")).inventory();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The guide's hosts with other settings; {@code sections} are top-level YAML. */
  static Inventory guideWith(String sections) {
    return parse("cluster: homelab\n" + sections + (sections.endsWith("\n") ? "" : "\n") + """
        hosts:
          - {name: cpu-node1,    address: 192.168.1.184, zookeeperId: 1, brokerId: 1}
          - {name: cpu-node2,    address: 192.168.1.187, zookeeperId: 2, brokerId: 2}
          - {name: worker-node3, address: 192.168.1.190, zookeeperId: 3, brokerId: 3}
        """);
  }

  static Inventory parse(String yaml) {
    try {
      return new InventoryLoader(ValidationOptions.strict()).parse(yaml, null, "test").inventory();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static HostSpec host(Inventory inventory, String name) {
    return inventory.host(name).orElseThrow();
  }

  static String resource(String path) {
    try (InputStream in = RenderFixtures.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
