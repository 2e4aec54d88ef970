package dev.steward.agent.resource;

/**
 * Whether this agent may change things that belong to the whole machine (packages, users,
 * the kernel's sysctl, the firewall): only when its host root is the machine's "/". An agent
 * with another root is a sandbox host sharing this machine; such a change would reach past it.
 */
public record MachineWide(boolean allowed, String root) {

  public void require(String what) throws ResourceFailure {
    if (!allowed) {
      throw new ResourceFailure(what + " changes the whole machine: refused for an agent whose --root is " + root
          + " (a sandbox host); leave it out of sandbox inventories");
    }
  }
}
