package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.exec.ProcessCommandRunner;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.resource.ufw.FirewallHandler;
import dev.steward.agent.service.ServiceBackend;
import dev.steward.agent.v1.Resource;
import java.util.EnumMap;
import java.util.Map;

/** The handler of each resource kind this agent converges. */
public final class ResourceHandlers {

  private ResourceHandlers() {
  }

  public static Map<Resource.KindCase, ResourceHandler<?, ?>> standard(HostRoot hostRoot, ArtifactStore artifacts,
                                                                      ServiceBackend backend, JavaRuntimeProbe java) {
    return standard(hostRoot, artifacts, backend, java, new ProcessCommandRunner(), System.getenv());
  }

  /**
   * @param runner runs the package, user, sysctl and ufw commands
   * @param environment where JAVA_HOME and PATH are looked up
   */
  public static Map<Resource.KindCase, ResourceHandler<?, ?>> standard(HostRoot hostRoot, ArtifactStore artifacts,
                                                                      ServiceBackend backend, JavaRuntimeProbe java,
                                                                      CommandRunner runner,
                                                                      Map<String, String> environment) {
    MachineWide machineWide = new MachineWide(hostRoot.path().getParent() == null, hostRoot.path().toString());
    AptInstaller apt = new AptInstaller(runner);
    Map<Resource.KindCase, ResourceHandler<?, ?>> handlers = new EnumMap<>(Resource.KindCase.class);
    handlers.put(Resource.KindCase.DIRECTORY, new DirectoryHandler(hostRoot));
    handlers.put(Resource.KindCase.FILE, new FileHandler(hostRoot));
    handlers.put(Resource.KindCase.MYID, new MyIdHandler(hostRoot));
    handlers.put(Resource.KindCase.ARCHIVE, new ArchiveHandler(hostRoot, artifacts));
    handlers.put(Resource.KindCase.SERVICE, new ServiceHandler(backend));
    handlers.put(Resource.KindCase.JAVA_RUNTIME, new JavaRuntimeHandler(
        new JavaFinder(hostRoot, java.javaHome(), environment, java.versions()), apt, machineWide));
    handlers.put(Resource.KindCase.APT_PACKAGE, new AptPackageHandler(apt, machineWide));
    handlers.put(Resource.KindCase.USER, new UserHandler(hostRoot, runner, machineWide));
    handlers.put(Resource.KindCase.SYSCTL, new SysctlHandler(hostRoot, runner, machineWide));
    handlers.put(Resource.KindCase.FIREWALL, new FirewallHandler(runner, machineWide));
    return handlers;
  }
}
