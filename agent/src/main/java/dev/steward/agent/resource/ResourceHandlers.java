package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.v1.Resource;
import java.util.EnumMap;
import java.util.Map;

/**
 * The handler of each resource kind this agent converges. Kinds without one (user, apt
 * package, sysctl, firewall: real-host features of a later agent) are reported SKIPPED.
 */
public final class ResourceHandlers {

  private ResourceHandlers() {
  }

  public static Map<Resource.KindCase, ResourceHandler<?, ?>> standard(HostRoot hostRoot, ArtifactStore artifacts,
                                                                      ServiceBackend backend, JavaRuntimeProbe java) {
    Map<Resource.KindCase, ResourceHandler<?, ?>> handlers = new EnumMap<>(Resource.KindCase.class);
    handlers.put(Resource.KindCase.DIRECTORY, new DirectoryHandler(hostRoot));
    handlers.put(Resource.KindCase.FILE, new FileHandler(hostRoot));
    handlers.put(Resource.KindCase.MYID, new MyIdHandler(hostRoot));
    handlers.put(Resource.KindCase.ARCHIVE, new ArchiveHandler(hostRoot, artifacts));
    handlers.put(Resource.KindCase.SERVICE, new ServiceHandler(backend));
    handlers.put(Resource.KindCase.JAVA_RUNTIME, new JavaRuntimeHandler(java));
    return handlers;
  }
}
