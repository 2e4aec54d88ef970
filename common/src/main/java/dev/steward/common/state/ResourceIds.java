package dev.steward.common.state;

import dev.steward.agent.v1.ServiceName;
import dev.steward.common.service.ServiceNames;

/**
 * The ids of a host's resources. They are stable across runs (results, drift and restart
 * reasons refer to them) and unique within a host: one kind prefix plus what the resource is about.
 */
public final class ResourceIds {

  public static final String JAVA = "java";
  public static final String KAFKA_ARCHIVE = "archive:kafka";
  public static final String SYSCTL = "sysctl";
  public static final String FIREWALL = "firewall";
  public static final String MYID = "myid";

  private ResourceIds() {
  }

  public static String user(String name) {
    return "user:" + name;
  }

  public static String aptPackage(String name) {
    return "apt:" + name;
  }

  /** A directory, by its logical path. */
  public static String directory(String path) {
    return "dir:" + path;
  }

  /** A file, by its logical path. */
  public static String file(String path) {
    return "file:" + path;
  }

  public static String service(ServiceName service) {
    if (!ServiceNames.isManaged(service)) {
      throw new IllegalArgumentException("not a managed service: " + service);
    }
    return "service:" + ServiceNames.shortName(service);
  }
}
