package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.guide;
import static dev.steward.common.render.RenderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.HostLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guide's own lines (guide-lines/*.txt, copied from its code blocks) appear verbatim and in
 * the guide's order in what Steward renders for the guide's cluster. Steward may add lines
 * between them, never change or reorder them.
 */
class GuideLinesTest {

  private final Inventory guide = guide();

  @Test
  void zookeeperPropertiesHoldsAllNineGuideLinesInOrder() {
    List<String> expected = settingLines("guide-lines/zookeeper.properties.txt");
    assertThat(expected).hasSize(9);
    for (HostSpec host : guide.zookeeperHosts()) {
      assertContainsInOrder(ZooKeeperPropertiesRenderer.render(guide, host, HostLayout.REAL_HOST), expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu-node1", "cpu-node2", "worker-node3"})
  void serverPropertiesHoldsTheCommonBlockThenTheNodesThreeLines(String name) {
    List<String> common = settingLines("guide-lines/server-common.properties.txt");
    List<String> node = settingLines("guide-lines/server-" + name + ".properties.txt");
    assertThat(common).hasSize(21);
    assertThat(node).hasSize(3);
    List<String> expected = new ArrayList<>(common);
    expected.addAll(node);

    assertContainsInOrder(ServerPropertiesRenderer.render(guide, guide.host(name).orElseThrow(), HostLayout.REAL_HOST),
        expected);
  }

  @Test
  void sysctlFileHoldsAllSevenGuideLinesInOrder() {
    List<String> expected = settingLines("guide-lines/sysctl.txt");
    assertThat(expected).hasSize(7);
    assertContainsInOrder(SysctlRenderer.render(guide.sysctl()), expected);
  }

  @Test
  void connectPropertiesHoldTheGuidesStep9LinesInOrderButTheDeprecatedRestKeys() {
    List<String> guideLines = settingLines("guide-lines/connect-distributed.properties.txt");
    assertThat(guideLines).hasSize(15);
    List<String> kept = guideLines.stream().filter(l -> !l.startsWith("rest.host.name=") && !l.startsWith("rest.port="))
        .toList();
    assertThat(kept).hasSize(13);
    String rendered = ConnectPropertiesRenderer.render(guide, guide.host("cpu-node1").orElseThrow(), HostLayout.REAL_HOST);
    assertContainsInOrder(rendered, kept);
    assertThat(rendered).contains("listeners=http://192.168.1.184:8083\n", "rest.advertised.host.name=192.168.1.184\n",
        "rest.advertised.port=8083\n").doesNotContain("rest.host.name=", "\nrest.port=");
  }

  @Test
  void theCheckNoticesAReorderedLine() {
    List<String> swapped = List.of("clientPort=2181", "dataDir=/var/lib/zookeeper");
    String rendered = ZooKeeperPropertiesRenderer.render(guide, guide.hosts().get(0), HostLayout.REAL_HOST);
    assertThat(isSubsequence(rendered.lines().toList(), swapped)).isFalse();
  }

  /** The key=value lines of a copied guide block (its comments, blanks and shell commands left out). */
  private static List<String> settingLines(String resource) {
    return resource(resource).lines().filter(l -> l.matches("[A-Za-z0-9_.]+=.*")).toList();
  }

  private static void assertContainsInOrder(String rendered, List<String> expected) {
    List<String> lines = rendered.lines().toList();
    assertThat(lines).containsAll(expected);
    assertThat(isSubsequence(lines, expected)).as("guide lines in the guide's order in:\n%s", rendered).isTrue();
  }

  private static boolean isSubsequence(List<String> lines, List<String> expected) {
    int next = 0;
    for (String line : lines) {
      if (next < expected.size() && line.equals(expected.get(next))) {
        next++;
      }
    }
    return next == expected.size();
  }
}
