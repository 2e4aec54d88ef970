package dev.steward.agent.facts;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.ServiceBackend;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Gathers the host facts a GetFacts call reports. */
public final class FactsCollector {

  private final HostRoot hostRoot;
  private final SystemProbe systemProbe;
  private final FileStoreProbe fileStoreProbe;
  private final JavaRuntimeProbe javaProbe;
  private final ServiceBackend backend;
  private final String agentVersion;
  private final boolean insecure;
  private final Clock clock;

  public FactsCollector(HostRoot hostRoot, SystemProbe systemProbe, JavaRuntimeProbe javaProbe,
                        ServiceBackend backend, String agentVersion, boolean insecure, Clock clock) {
    this.hostRoot = hostRoot;
    this.systemProbe = systemProbe;
    this.fileStoreProbe = new FileStoreProbe(hostRoot);
    this.javaProbe = javaProbe;
    this.backend = backend;
    this.agentVersion = agentVersion;
    this.insecure = insecure;
    this.clock = clock;
  }

  /**
   * @throws PathRejectedException when a requested path is not a valid logical path
   */
  public HostFacts collect(List<String> paths) throws PathRejectedException, IOException {
    SystemProbe.Machine machine = systemProbe.observe();
    HostFacts.Builder facts = HostFacts.newBuilder()
        .setHostname(machine.hostname())
        .setOs(machine.os())
        .setKernel(machine.kernel())
        .setLogicalCpus(machine.logicalCpus())
        .setTotalMemoryBytes(machine.totalMemoryBytes())
        .setAvailableMemoryBytes(machine.availableMemoryBytes())
        .setJava(javaProbe.probe())
        .setHostRoot(hostRoot.path().toString())
        .setServiceBackend(backend)
        .setAgentVersion(agentVersion)
        .setInsecure(insecure);
    for (int i = 0; i < paths.size(); i++) {
      facts.addPaths(fileStoreProbe.measure("paths[" + i + "]", paths.get(i)));
    }
    return facts.setClockUnixMillis(clock.millis()).build();
  }

  public FileStoreProbe fileStoreProbe() {
    return fileStoreProbe;
  }

  public JavaRuntimeProbe javaProbe() {
    return javaProbe;
  }

  public SystemProbe systemProbe() {
    return systemProbe;
  }
}
