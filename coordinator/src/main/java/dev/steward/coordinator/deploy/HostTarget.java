package dev.steward.coordinator.deploy;

import dev.steward.agent.v1.HostFacts;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.state.HostDesiredState;
import dev.steward.common.state.HostLayout;

/** A host with what its agent told us about it and what it should look like. */
public record HostTarget(HostSpec host, HostFacts facts, HostLayout layout, HostDesiredState desired) {
}
