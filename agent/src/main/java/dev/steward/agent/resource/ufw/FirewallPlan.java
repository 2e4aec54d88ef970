package dev.steward.agent.resource.ufw;

import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.common.render.FirewallSources;
import dev.steward.common.render.FirewallTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What to do to ufw, decided from the desired resource and what {@code ufw status} and
 * {@code ufw show added} said. Pure.
 *
 * <p>Rules: Steward touches only rules whose comment is {@code steward:<tag>}. Every port in
 * never_block_ports gets a Steward rule allowing it over TCP from anywhere (tag
 * {@code never-block-<port>}), so no apply and no enable can lock out SSH or the agent; a
 * desired rule that narrows such a port to one source contradicts that and is refused.
 * Additions run before removals (a rule that moves never leaves a gap), and ufw is enabled
 * last, after the never-block rules exist.
 *
 * @param add rules to add (or re-tag: ufw keys rules by everything but the comment)
 * @param delete Steward's rules that are no longer desired, as listed
 * @param enable ufw is inactive and the resource asks for it on
 * @param notes desired rules already allowed by someone else's identical rule (left alone)
 * @param conflict why the resource cannot be applied, or ""
 */
record FirewallPlan(List<UfwRule> add, List<UfwOutput.Listed> delete, boolean enable, List<String> notes,
                    String conflict) {

  static FirewallPlan refused(String why) {
    return new FirewallPlan(List.of(), List.of(), false, List.of(), why);
  }

  boolean isConflict() {
    return !conflict.isEmpty();
  }

  boolean changesNothing() {
    return add.isEmpty() && delete.isEmpty() && !enable;
  }

  static FirewallPlan of(FirewallResource desired, boolean active, List<UfwOutput.Listed> listed) {
    List<String> problems = new ArrayList<>();
    List<UfwRule> wanted = wantedRules(desired, problems);
    if (desired.getEnable() && desired.getNeverBlockPortsCount() == 0) {
      problems.add("firewall.enable without never_block_ports could lock out SSH and the agent: list their ports");
    }
    if (!problems.isEmpty()) {
      return refused(String.join("; ", problems));
    }
    Map<String, UfwOutput.Listed> bySpec = new LinkedHashMap<>();
    for (UfwOutput.Listed rule : listed) {
      rule.rule().ifPresent(r -> bySpec.put(r.spec(), rule));
    }
    List<UfwRule> add = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    TreeSet<String> wantedSpecs = new TreeSet<>();
    for (UfwRule rule : wanted) {
      wantedSpecs.add(rule.spec());
      UfwOutput.Listed present = bySpec.get(rule.spec());
      if (present == null || present.isSteward() && !present.comment().equals(rule.comment())) {
        add.add(rule);
      } else if (!present.isSteward()) {
        notes.add(rule.describe() + ": already allowed by a rule Steward does not own ('" + present.line() + "')");
      }
    }
    List<UfwOutput.Listed> delete = new ArrayList<>();
    for (UfwOutput.Listed rule : listed) {
      // a wanted spec under an old tag is re-tagged by its add: deleting it would delete the new one
      boolean wantedSpec = rule.rule().map(r -> wantedSpecs.contains(r.spec())).orElse(false);
      if (rule.isSteward() && !wantedSpec) {
        delete.add(rule);
      }
    }
    return new FirewallPlan(add, delete, desired.getEnable() && !active, notes, "");
  }

  /** The desired rules plus the never-block ones, normalized; problems collects what is invalid. */
  private static List<UfwRule> wantedRules(FirewallResource desired, List<String> problems) {
    Map<String, UfwRule> bySpec = new LinkedHashMap<>();
    for (int port : desired.getNeverBlockPortsList()) {
      if (port < 1 || port > 65535) {
        problems.add("never_block_ports holds " + port + ": ports are 1..65535");
        continue;
      }
      UfwRule rule = UfwRule.tagged("never-block-" + port, "tcp", port, "");
      bySpec.put(rule.spec(), rule);
    }
    for (int i = 0; i < desired.getRulesCount(); i++) {
      FirewallRule rule = desired.getRules(i);
      String where = "firewall.rules[" + i + "]" + (rule.getTag().isEmpty() ? "" : " (" + printable(rule.getTag()) + ")");
      Optional<String> from = SourceAddress.normalize(rule.getFrom());
      List<String> found = new ArrayList<>();
      if (!FirewallTags.isValid(rule.getTag())) {
        found.add("tag must be " + FirewallTags.RULE);
      }
      if (rule.getAction() != FirewallAction.FIREWALL_ACTION_ALLOW) {
        found.add("action must be FIREWALL_ACTION_ALLOW");
      }
      if (rule.getPort() < 1 || rule.getPort() > 65535) {
        found.add("port " + rule.getPort() + " is not 1..65535");
      }
      if (!rule.getProtocol().equals("tcp") && !rule.getProtocol().equals("udp")) {
        found.add("protocol must be tcp or udp");
      }
      if (from.isEmpty()) {
        found.add("from '" + printable(rule.getFrom()) + "' is not " + FirewallSources.RULE
            + " (names are not allowed), e.g. " + FirewallSources.EXAMPLES);
      }
      if (found.isEmpty() && !from.get().isEmpty() && rule.getProtocol().equals("tcp")
          && desired.getNeverBlockPortsList().contains(rule.getPort())) {
        found.add("would block port " + rule.getPort() + " for every source but " + from.get()
            + ", and never_block_ports keeps it open to all (SSH, the agent): drop the rule, or leave the port "
            + "out of never_block_ports to restrict it");
      }
      if (!found.isEmpty()) {
        found.forEach(problem -> problems.add(where + ": " + problem));
        continue;
      }
      UfwRule normalized = UfwRule.tagged(rule.getTag(), rule.getProtocol(), rule.getPort(), from.get());
      UfwRule previous = bySpec.get(normalized.spec());
      if (previous != null && !previous.tag().startsWith("never-block-")) {
        problems.add(where + ": the same rule as tag " + previous.tag() + " (ufw keeps one rule per protocol, port "
            + "and source): give each rule a distinct source, port or protocol");
        continue;
      }
      if (previous == null) {
        bySpec.put(normalized.spec(), normalized);
      }
    }
    return new ArrayList<>(bySpec.values());
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }

  /** For the result's diff: rule additions and removals, then what ufw itself will do. */
  String describe() {
    List<String> lines = new ArrayList<>();
    add.forEach(rule -> lines.add("+ " + rule.describe()));
    delete.forEach(rule -> lines.add("- " + rule.rule().map(UfwRule::describe).orElse(rule.line())));
    if (enable) {
      lines.add("enable ufw (after the rules above; incoming policy as configured, deny by default)");
    }
    notes.forEach(note -> lines.add("= " + note));
    return String.join("\n", lines);
  }
}
