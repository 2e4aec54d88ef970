package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.guideWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Inventory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlRendererTest {

  @Test
  void overridesMergeIntoTheGuidesOrderAndAdditionsFollow() {
    Inventory inventory = guideWith("kafka: {version: 3.9.1}\nsysctl: {values: {vm.swappiness: 10, vm.max_map_count: 262144}}");
    assertThat(SysctlRenderer.render(inventory.sysctl())).startsWith("# Managed by Steward")
        .contains("\nvm.swappiness=10\nvm.dirty_ratio=80\n")
        .endsWith("net.core.wmem_max=16777216\nvm.max_map_count=262144\n");
  }

  @Test
  void keysThatCouldEscapeProcSysAreRefusedWhenRendering() {
    assertThatThrownBy(() -> SysctlRenderer.render(Map.of("../etc/x", "1"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SysctlRenderer.render(Map.of("vm.x", "1\nvm.y=2"))).isInstanceOf(IllegalArgumentException.class);
  }
}
