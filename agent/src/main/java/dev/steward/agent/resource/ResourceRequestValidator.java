package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.host.LogicalPaths;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.service.ServiceNames;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Structural checks of an Apply request, before anything runs: a malformed request is
 * refused whole (INVALID_ARGUMENT) rather than half applied. Pure. What depends on the
 * host (a symlink escaping the root, a missing user) is found per resource, later.
 */
public final class ResourceRequestValidator {

  private static final int MAX_ID_LENGTH = 512;

  private ResourceRequestValidator() {
  }

  /** One line per problem, each naming the resource, the field and the fix; empty when valid. */
  public static List<String> problems(List<Resource> resources) {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < resources.size(); i++) {
      Resource resource = resources.get(i);
      String where = "resources[" + i + "]" + (resource.getId().isEmpty() ? "" : " (" + LogicalPaths.printable(resource.getId()) + ")");
      List<String> found = new ArrayList<>();
      checkId(resource.getId(), ids, found);
      for (ServiceName service : resource.getNotifiesList()) {
        if (!ServiceNames.isManaged(service)) {
          found.add("notifies holds " + service + ": list only managed services");
        }
      }
      switch (resource.getKindCase()) {
        case KIND_NOT_SET -> found.add("no resource kind is set (file, directory, myid, ...)");
        case FILE -> {
          path(found, "file.path", resource.getFile().getPath());
          mode(found, "file.mode", resource.getFile().getMode());
        }
        case DIRECTORY -> {
          path(found, "directory.path", resource.getDirectory().getPath());
          mode(found, "directory.mode", resource.getDirectory().getMode());
        }
        case MYID -> {
          path(found, "myid.path", resource.getMyid().getPath());
          if (resource.getMyid().getId() < 1 || resource.getMyid().getId() > 255) {
            found.add("myid.id " + resource.getMyid().getId() + " is out of range: ZooKeeper ids are 1..255");
          }
        }
        case ARCHIVE -> archive(found, resource.getArchive());
        case SERVICE -> {
          if (!ServiceNames.isManaged(resource.getService().getService())) {
            found.add("service.service must name a managed service (zookeeper, kafka or kafka connect)");
          }
          launch(found, resource.getService().getLaunch());
        }
        default -> {
          // kinds this agent skips are not validated beyond their id
        }
      }
      for (String problem : found) {
        problems.add(where + ": " + problem);
      }
    }
    return problems;
  }

  private static void checkId(String id, Set<String> ids, List<String> found) {
    if (id.isEmpty()) {
      found.add("id is empty: give every resource a stable id such as file:/opt/kafka/config/server.properties");
      return;
    }
    if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      found.add("id must be at most " + MAX_ID_LENGTH + " characters without control characters");
    }
    if (!ids.add(id)) {
      found.add("id is used by an earlier resource: ids must be unique within a request");
    }
  }

  private static void archive(List<String> found, ArchiveResource archive) {
    try {
      ArtifactStore.requireValidName(archive.getName());
    } catch (ArtifactException e) {
      found.add(e.getMessage().replace("header.name", "archive.name"));
    }
    try {
      ArtifactStore.requireValidSha512("archive.sha512", archive.getSha512());
    } catch (ArtifactException e) {
      found.add(e.getMessage());
    }
    path(found, "archive.install_root", archive.getInstallRoot());
    path(found, "archive.link", archive.getLink());
    if (archive.getLink().equals("/")) {
      found.add("archive.link may not be /");
    }
  }

  private static void launch(List<String> found, JvmLaunch launch) {
    path(found, "service.launch.install_dir", launch.getInstallDir());
    path(found, "service.launch.config_file", launch.getConfigFile());
    path(found, "service.launch.log_dir", launch.getLogDir());
    if (!launch.getJavaHome().isEmpty()) {
      path(found, "service.launch.java_home", launch.getJavaHome());
    }
    for (String extra : launch.getExtraClasspathList()) {
      path(found, "service.launch.extra_classpath", extra);
    }
  }

  private static void path(List<String> found, String field, String path) {
    try {
      LogicalPaths.segments(field, path);
    } catch (PathRejectedException e) {
      found.add(e.getMessage());
    }
  }

  private static void mode(List<String> found, String field, int mode) {
    if (!PosixModes.isPermissionBits(mode)) {
      found.add(field + " " + Integer.toOctalString(mode) + " (octal) has bits beyond 0777: give permission bits only, "
          + "e.g. 0644 (420 as an integer)");
    }
  }
}
