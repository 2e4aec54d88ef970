package dev.steward.common.inventory;

import java.util.Optional;

/**
 * How the coordinator reaches the agents.
 *
 * @param tls mutual TLS; false is accepted only for agents on loopback addresses (the sandbox)
 * @param pki directory holding the cluster CA and the coordinator's certificate, if TLS
 */
public record AgentSpec(int port, boolean tls, Optional<String> pki) {
}
