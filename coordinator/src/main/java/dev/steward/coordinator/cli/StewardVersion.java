package dev.steward.coordinator.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), or "dev" when run from classes. */
final class StewardVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = StewardVersion.class.getPackage().getImplementationVersion();
    return new String[] {"steward " + (version == null ? "dev" : version)};
  }
}
