package dev.steward.coordinator.ensemble;

import java.util.List;
import java.util.Optional;

/**
 * What {@link EnsembleChangePlanner} decided: the ordered steps, or why the change is refused
 * (then nothing may be touched). Empty steps and no refusal: the ensemble is as the inventory wants.
 */
public record EnsembleChangePlan(List<MembershipStep> steps, Optional<String> refusal) {

  public EnsembleChangePlan {
    steps = List.copyOf(steps);
  }

  static EnsembleChangePlan refused(String why) {
    return new EnsembleChangePlan(List.of(), Optional.of(why));
  }

  static EnsembleChangePlan of(List<MembershipStep> steps) {
    return new EnsembleChangePlan(steps, Optional.empty());
  }

  public boolean changesMembers() {
    return steps.stream().anyMatch(s -> s instanceof MembershipStep.AddMember || s instanceof MembershipStep.RemoveMember);
  }

  /** The plan as numbered lines for {@code plan}, or the refusal. */
  public String describe() {
    if (refusal.isPresent()) {
      return "refused: " + refusal.get();
    }
    if (steps.isEmpty()) {
      return "the ensemble's members are as the inventory says";
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      text.append(i + 1).append(". ").append(steps.get(i).describe()).append('\n');
    }
    return text.toString();
  }
}
