package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.host.LogicalPaths;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.ArchiveResource;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.AptPackageNames;
import dev.steward.common.inventory.Sha512Hex;
import dev.steward.common.inventory.SysctlSettings;
import dev.steward.common.render.FirewallSources;
import dev.steward.common.render.FirewallTags;
import dev.steward.common.service.AccountNames;
import dev.steward.common.service.ServiceNames;
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
          account(found, "file.owner", resource.getFile().getOwner());
          account(found, "file.group", resource.getFile().getGroup());
        }
        case DIRECTORY -> {
          path(found, "directory.path", resource.getDirectory().getPath());
          mode(found, "directory.mode", resource.getDirectory().getMode());
          account(found, "directory.owner", resource.getDirectory().getOwner());
          account(found, "directory.group", resource.getDirectory().getGroup());
        }
        case MYID -> {
          path(found, "myid.path", resource.getMyid().getPath());
          account(found, "myid.owner", resource.getMyid().getOwner());
          account(found, "myid.group", resource.getMyid().getGroup());
          if (resource.getMyid().getId() < 1 || resource.getMyid().getId() > 255) {
            found.add("myid.id " + resource.getMyid().getId() + " is out of range: ZooKeeper ids are 1..255");
          }
        }
        case ARCHIVE -> archive(found, resource.getArchive());
        case SERVICE -> {
          if (!ServiceNames.isManaged(resource.getService().getService())) {
            found.add("service.service must name a managed service (zookeeper, kafka or kafka connect)");
          }
          for (ServiceName required : resource.getService().getRequiresList()) {
            if (!ServiceNames.isManaged(required)) {
              found.add("service.requires holds " + required + ": list only managed services");
            }
          }
          launch(found, resource.getService().getLaunch());
        }
        case USER -> {
          requiredAccount(found, "user.name", resource.getUser().getName());
          account(found, "user.group", resource.getUser().getGroup());
          if (!resource.getUser().getShell().isEmpty()) {
            path(found, "user.shell", resource.getUser().getShell());
          }
          if (!resource.getUser().getHome().isEmpty()) {
            path(found, "user.home", resource.getUser().getHome());
          }
        }
        case APT_PACKAGE -> aptPackage(found, "apt_package.name", resource.getAptPackage().getName(), true);
        case JAVA_RUNTIME -> aptPackage(found, "java_runtime.install_package",
            resource.getJavaRuntime().getInstallPackage(), false);
        case SYSCTL -> {
          path(found, "sysctl.path", resource.getSysctl().getPath());
          resource.getSysctl().getValuesMap().forEach((key, value) -> {
            SysctlSettings.keyProblem(key).ifPresent(problem ->
                found.add("sysctl.values key: " + problem + ": " + SysctlSettings.KEY_FIX));
            SysctlSettings.valueProblem(value).ifPresent(problem ->
                found.add("sysctl.values[" + LogicalPaths.printable(key) + "]: " + problem + ": "
                    + SysctlSettings.VALUE_FIX));
          });
        }
        case FIREWALL -> firewall(found, resource.getFirewall());
        default -> {
          // kinds not listed here have nothing beyond their id to check
        }
      }
      for (String problem : found) {
        problems.add(where + ": " + problem);
      }
    }
    return problems;
  }

  /** A user or group name, or empty ("leave as it is"). Ends up in chown calls and unit files. */
  private static void account(List<String> found, String field, String name) {
    if (!name.isEmpty()) {
      requiredAccount(found, field, name);
    }
  }

  private static void requiredAccount(List<String> found, String field, String name) {
    if (!AccountNames.isValid(name)) {
      found.add(field + " " + LogicalPaths.printable(name) + " is not a user or group name: use "
          + AccountNames.RULE);
    }
  }

  private static void aptPackage(List<String> found, String field, String name, boolean required) {
    if (name.isEmpty() && !required) {
      return;
    }
    if (!AptPackageNames.isValid(name)) {
      found.add(field + " " + LogicalPaths.printable(name) + " is not a Debian package name: use "
          + AptPackageNames.RULE + ", e.g. " + AptPackageNames.EXAMPLE);
    }
  }

  private static void firewall(List<String> found, dev.steward.agent.v1.FirewallResource firewall) {
    for (int i = 0; i < firewall.getRulesCount(); i++) {
      dev.steward.agent.v1.FirewallRule rule = firewall.getRules(i);
      String at = "firewall.rules[" + i + "]";
      if (!FirewallTags.isValid(rule.getTag())) {
        found.add(at + ".tag " + LogicalPaths.printable(rule.getTag()) + " must be " + FirewallTags.RULE
            + " (it becomes the ufw comment)");
      }
      if (rule.getAction() != dev.steward.agent.v1.FirewallAction.FIREWALL_ACTION_ALLOW) {
        found.add(at + ".action must be FIREWALL_ACTION_ALLOW");
      }
      if (rule.getPort() < 1 || rule.getPort() > 65535) {
        found.add(at + ".port " + Integer.toUnsignedString(rule.getPort()) + " is not a port: use 1..65535");
      }
      if (!rule.getProtocol().equals("tcp") && !rule.getProtocol().equals("udp")) {
        found.add(at + ".protocol " + LogicalPaths.printable(rule.getProtocol()) + " must be tcp or udp");
      }
      if (!rule.getFrom().isEmpty() && !FirewallSources.isValid(rule.getFrom())) {
        found.add(at + ".from " + LogicalPaths.printable(rule.getFrom()) + " must be " + FirewallSources.RULE
            + " (e.g. " + FirewallSources.EXAMPLES + "), or empty for anywhere");
      }
    }
    for (int port : firewall.getNeverBlockPortsList()) {
      if (port < 1 || port > 65535) {
        found.add("firewall.never_block_ports holds " + Integer.toUnsignedString(port) + ": use 1..65535");
      }
    }
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
    if (!Sha512Hex.isValid(archive.getSha512())) {
      found.add("archive.sha512 " + LogicalPaths.printable(archive.getSha512()) + " is not a SHA-512: "
          + Sha512Hex.FIX);
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
    for (int i = 0; i < launch.getHeapOptionsCount(); i++) {
      jvmOption(found, "service.launch.heap_options[" + i + "]", launch.getHeapOptions(i));
    }
    for (int i = 0; i < launch.getJvmOptionsCount(); i++) {
      jvmOption(found, "service.launch.jvm_options[" + i + "]", launch.getJvmOptions(i));
    }
    account(found, "service.launch.user", launch.getUser());
    account(found, "service.launch.group", launch.getGroup());
  }

  private static void jvmOption(List<String> found, String field, String option) {
    if (!dev.steward.common.render.JvmCommandLine.isValidJvmOption(option)) {
      found.add(field + " " + LogicalPaths.printable(option) + " is not a safe JVM option: -server, or -X.../-D... "
          + "without whitespace");
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
