package dev.steward.coordinator.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupSelectionTest {

  @Test
  void noGroupNamedSelectsEveryGroup() {
    GroupSelection selection = GroupSelection.of(List.of(), List.of("search", "billing"));

    assertThat(selection.problem()).isEmpty();
    assertThat(selection.groups()).containsExactly("billing", "search");
  }

  @Test
  void namedGroupsAreReadOnceEach() {
    GroupSelection selection = GroupSelection.of(List.of("search", "search", "billing"), List.of("search", "billing", "etl"));

    assertThat(selection.problem()).isEmpty();
    assertThat(selection.groups()).containsExactly("billing", "search");
  }

  @Test
  void unknownGroupIsNamedWithTheGroupsThatExist() {
    GroupSelection selection = GroupSelection.of(List.of("serach"), List.of("search", "billing"));

    assertThat(selection.problem()).hasValue(
        "--group: no consumer group 'serach' exists on this cluster; its consumer groups: billing, search");
  }

  @Test
  void everyUnknownGroupIsNamed() {
    GroupSelection selection = GroupSelection.of(List.of("a", "search", "b"), List.of("search"));

    assertThat(selection.problem()).get().asString().contains("no consumer groups 'a', 'b' exist");
  }

  @Test
  void clusterWithoutGroupsSaysSo() {
    assertThat(GroupSelection.of(List.of("x"), List.of()).problem()).get().asString()
        .endsWith("the cluster has no consumer groups");
    assertThat(GroupSelection.of(List.of(), List.of()).groups()).isEmpty();
  }

  @Test
  void manyExistingGroupsAreCountedNotAllListed() {
    List<String> existing = IntStream.range(0, 25).mapToObj(i -> String.format("g%02d", i)).toList();

    String problem = GroupSelection.of(List.of("nope"), existing).problem().orElseThrow();

    assertThat(problem).contains("g00, g01").contains("g19 and 5 more").doesNotContain("g20");
  }
}
