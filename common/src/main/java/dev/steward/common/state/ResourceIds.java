package dev.steward.common.state;

import dev.steward.agent.v1.ServiceName;

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
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "service:zookeeper";
      case SERVICE_NAME_KAFKA -> "service:kafka";
      case SERVICE_NAME_KAFKA_CONNECT -> "service:kafka-connect";
      default -> throw new IllegalArgumentException("not a managed service: " + service);
    };
  }
}
