package dev.steward.agent.resource;

import dev.steward.agent.v1.JavaRuntimeResource;
import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.AptPackageNames;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A runnable Java of at least a feature version ({@code java -version}). When none is found
 * and the resource names a package, the package is installed with apt and the search runs
 * again; without a package, a missing Java is a clear failure.
 */
public final class JavaRuntimeHandler implements ResourceHandler<JavaRuntimeResource, List<JavaFinder.Found>> {

  private final JavaFinder finder;
  private final AptInstaller apt;
  private final MachineWide machineWide;

  public JavaRuntimeHandler(JavaFinder finder, AptInstaller apt, MachineWide machineWide) {
    this.finder = finder;
    this.apt = apt;
    this.machineWide = machineWide;
  }

  @Override
  public JavaRuntimeResource desired(Resource resource) {
    return resource.getJavaRuntime();
  }

  @Override
  public List<JavaFinder.Found> observe(JavaRuntimeResource desired) throws IOException {
    return finder.find();
  }

  static Optional<JavaFinder.Found> satisfying(JavaRuntimeResource desired, List<JavaFinder.Found> found) {
    return found.stream().filter(java -> java.feature() >= desired.getMinFeatureVersion()).findFirst();
  }

  @Override
  public Diff diff(JavaRuntimeResource desired, List<JavaFinder.Found> found) {
    if (satisfying(desired, found).isPresent()) {
      return Diff.none();
    }
    String seen = found.isEmpty() ? "no runnable Java"
        : "only " + String.join(", ", found.stream().map(j -> "Java " + j.version() + " (" + j.executable() + ")").toList());
    if (desired.getInstallPackage().isEmpty()) {
      return Diff.conflict(seen + " on this host, and Java " + desired.getMinFeatureVersion()
          + " or newer is required: install one, or name a package (install.javaPackage) for Steward to install");
    }
    if (!AptPackageNames.isValid(desired.getInstallPackage())) {
      return Diff.conflict("java_runtime.install_package '" + desired.getInstallPackage().replaceAll("\\p{Cntrl}", "?")
          + "' is not a Debian package name: use " + AptPackageNames.RULE);
    }
    return Diff.change("install package " + desired.getInstallPackage() + " (" + seen + "; need Java "
        + desired.getMinFeatureVersion() + "+)", false);
  }

  @Override
  public String apply(JavaRuntimeResource desired, List<JavaFinder.Found> found, Diff diff)
      throws IOException, ResourceFailure {
    machineWide.require("installing Java");
    apt.install(desired.getInstallPackage());
    List<JavaFinder.Found> after = finder.find();
    JavaFinder.Found java = satisfying(desired, after).orElseThrow(() -> new ResourceFailure("installed "
        + desired.getInstallPackage() + " but still found no Java " + desired.getMinFeatureVersion() + " or newer ("
        + (after.isEmpty() ? "none runs" : after.size() + " found, all older") + ")"));
    return "Java " + java.version() + " at " + java.executable();
  }
}
