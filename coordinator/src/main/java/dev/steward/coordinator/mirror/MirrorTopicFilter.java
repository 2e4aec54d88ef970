package dev.steward.coordinator.mirror;

import dev.steward.common.inventory.MirrorConnectors;
import dev.steward.common.inventory.MirrorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Which source topics and groups a mirror copies: the same patterns its connectors are given. */
public record MirrorTopicFilter(List<Pattern> topics, List<Pattern> topicsExclude, List<Pattern> groups,
    List<Pattern> groupsExclude) {

  public static MirrorTopicFilter of(MirrorSpec mirror) {
    List<String> excludes = new ArrayList<>(mirror.topicsExclude());
    excludes.addAll(MirrorConnectors.BUILT_IN_TOPIC_EXCLUDES);
    return new MirrorTopicFilter(compile(mirror.topics()), compile(excludes), compile(mirror.groups()),
        compile(MirrorConnectors.BUILT_IN_GROUP_EXCLUDES));
  }

  public boolean mirrorsTopic(String topic) {
    return matches(topics, topic) && !matches(topicsExclude, topic);
  }

  public boolean translatesGroup(String group) {
    return matches(groups, group) && !matches(groupsExclude, group);
  }

  private static boolean matches(List<Pattern> patterns, String name) {
    return patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  private static List<Pattern> compile(List<String> patterns) {
    return patterns.stream().map(Pattern::compile).toList();
  }
}
