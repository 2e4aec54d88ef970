package dev.steward.agent.resource;

import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.v1.JavaRuntime;
import dev.steward.agent.v1.JavaRuntimeResource;
import dev.steward.agent.v1.Resource;

/**
 * Java of at least a feature version, as the services will run it (the agent's Java, or the
 * configured override). Installing one with apt comes with the package support; until then a
 * missing or old Java is a clear failure.
 */
public final class JavaRuntimeHandler implements ResourceHandler<JavaRuntimeResource, JavaRuntime> {

  private final JavaRuntimeProbe probe;

  public JavaRuntimeHandler(JavaRuntimeProbe probe) {
    this.probe = probe;
  }

  @Override
  public JavaRuntimeResource desired(Resource resource) {
    return resource.getJavaRuntime();
  }

  @Override
  public JavaRuntime observe(JavaRuntimeResource desired) {
    return probe.probe();
  }

  @Override
  public Diff diff(JavaRuntimeResource desired, JavaRuntime observed) {
    String install = desired.getInstallPackage().isEmpty() ? "install a JDK/JRE"
        : "install " + desired.getInstallPackage() + " (apt-get install " + desired.getInstallPackage() + ")";
    if (!observed.getPresent()) {
      return Diff.conflict("no runnable Java at " + observed.getJavaHome() + " (need " + desired.getMinFeatureVersion()
          + " or newer): " + install + "; this agent does not install packages yet");
    }
    if (observed.getFeatureVersion() < desired.getMinFeatureVersion()) {
      return Diff.conflict("Java " + observed.getVersion() + " at " + observed.getJavaHome() + " is older than the "
          + "required " + desired.getMinFeatureVersion() + ": " + install + " and run the agent on it (or give it "
          + "--java-home); this agent does not install packages yet");
    }
    return Diff.none();
  }

  @Override
  public String apply(JavaRuntimeResource desired, JavaRuntime observed, Diff diff) {
    // diff is NONE or CONFLICT: there is nothing this handler changes
    return "";
  }
}
