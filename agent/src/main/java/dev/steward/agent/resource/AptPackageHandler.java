package dev.steward.agent.resource;

import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.AptPackageNames;

/** One Debian package, installed with apt when dpkg does not have it. */
public final class AptPackageHandler implements ResourceHandler<AptPackageResource, Boolean> {

  private final AptInstaller apt;
  private final MachineWide machineWide;

  public AptPackageHandler(AptInstaller apt, MachineWide machineWide) {
    this.apt = apt;
    this.machineWide = machineWide;
  }

  @Override
  public AptPackageResource desired(Resource resource) {
    return resource.getAptPackage();
  }

  /** Installed? */
  @Override
  public Boolean observe(AptPackageResource desired) throws ResourceFailure {
    if (!AptPackageNames.isValid(desired.getName())) {
      throw new ResourceFailure("apt_package.name '" + desired.getName().replaceAll("\\p{Cntrl}", "?")
          + "' is not a Debian package name: use " + AptPackageNames.RULE);
    }
    machineWide.require("installing packages");
    return apt.isInstalled(desired.getName());
  }

  @Override
  public Diff diff(AptPackageResource desired, Boolean installed) {
    return installed ? Diff.none() : Diff.change("install package " + desired.getName(), false);
  }

  @Override
  public String apply(AptPackageResource desired, Boolean installed, Diff diff) throws ResourceFailure {
    apt.install(desired.getName());
    if (!apt.isInstalled(desired.getName())) {
      throw new ResourceFailure("apt-get reported success but dpkg does not have " + desired.getName() + " installed");
    }
    return "installed";
  }
}
