package dev.steward.agent.service;

import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceResource;
import java.nio.file.Path;

/**
 * A service definition arrives with logical paths, like every resource. The process it
 * launches is not confined to the host root, so its command line needs the real paths:
 * this maps one to the other (identity on a real host).
 */
public final class RealServiceDefinition {

  private RealServiceDefinition() {
  }

  public static ServiceResource of(HostRoot hostRoot, ServiceResource logical) throws ServiceException {
    JvmLaunch launch = logical.getLaunch();
    try {
      JvmLaunch.Builder real = launch.toBuilder()
          .setInstallDir(real(hostRoot, "launch.install_dir", launch.getInstallDir()))
          .setConfigFile(real(hostRoot, "launch.config_file", launch.getConfigFile()))
          .setLogDir(real(hostRoot, "launch.log_dir", launch.getLogDir()))
          .clearExtraClasspath();
      if (!launch.getJavaHome().isEmpty()) {
        real.setJavaHome(real(hostRoot, "launch.java_home", launch.getJavaHome()));
      }
      for (String extra : launch.getExtraClasspathList()) {
        real.addExtraClasspath(real(hostRoot, "launch.extra_classpath", extra));
      }
      return logical.toBuilder().setLaunch(real).build();
    } catch (PathRejectedException e) {
      throw new ServiceException(ServiceException.Reason.INVALID_DEFINITION, e.getMessage(), e);
    }
  }

  /** The java binary a definition runs: its own java_home, else the given default. */
  public static Path javaExecutable(ServiceResource realDefinition, Path defaultJavaHome) {
    String javaHome = realDefinition.getLaunch().getJavaHome();
    Path home = javaHome.isEmpty() ? defaultJavaHome : Path.of(javaHome);
    return home.resolve("bin").resolve("java");
  }

  private static String real(HostRoot hostRoot, String field, String logicalPath) throws PathRejectedException {
    return hostRoot.resolve(field, logicalPath).toString();
  }
}
