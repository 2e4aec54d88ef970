package dev.steward.agent.resource;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.host.PathRejectedException;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.UserResource;
import dev.steward.common.service.AccountNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service account (the guide's {@code useradd -r -s /bin/false kafka}) and its group. Steward
 * creates them when missing and never modifies an existing account: it only checks that an
 * existing user's primary group is the wanted one, because the services and directories rely
 * on it.
 */
public final class UserHandler implements ResourceHandler<UserResource, AccountFiles> {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String DEFAULT_SHELL = "/bin/false";

  private final HostRoot hostRoot;
  private final CommandRunner runner;
  private final MachineWide machineWide;

  public UserHandler(HostRoot hostRoot, CommandRunner runner, MachineWide machineWide) {
    this.hostRoot = hostRoot;
    this.runner = runner;
    this.machineWide = machineWide;
  }

  @Override
  public UserResource desired(Resource resource) {
    return resource.getUser();
  }

  @Override
  public AccountFiles observe(UserResource desired) throws IOException, ResourceFailure {
    return AccountFiles.parse(read("/etc/passwd"), read("/etc/group"));
  }

  private String read(String logical) throws IOException, ResourceFailure {
    try {
      Path file = hostRoot.resolve("user", logical);
      return Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (PathRejectedException e) {
      throw new ResourceFailure(e.getMessage(), e);
    }
  }

  static String groupOf(UserResource desired) {
    return desired.getGroup().isEmpty() ? desired.getName() : desired.getGroup();
  }

  @Override
  public Diff diff(UserResource desired, AccountFiles observed) {
    String group = groupOf(desired);
    List<String> problems = new ArrayList<>();
    if (!AccountNames.isValid(desired.getName())) {
      problems.add("user.name '" + printable(desired.getName()) + "'");
    }
    if (!AccountNames.isValid(group)) {
      problems.add("user.group '" + printable(group) + "'");
    }
    if (!problems.isEmpty()) {
      return Diff.conflict(String.join(" and ", problems) + ": names are " + AccountNames.RULE);
    }
    for (String path : new String[] {desired.getShell(), desired.getHome()}) {
      if (!path.isEmpty() && (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ':'))) {
        return Diff.conflict("user.shell and user.home must be absolute paths without spaces, ':' or control characters");
      }
    }
    var user = observed.user(desired.getName());
    var gid = observed.groupId(group);
    if (user.isPresent()) {
      if (gid.isPresent() && user.get().gid() == gid.get()) {
        return Diff.none();
      }
      return Diff.conflict("user " + desired.getName() + " exists with primary group "
          + observed.groupName(user.get().gid()) + ", not " + group + ": Steward does not modify existing accounts; "
          + "change it by hand (usermod -g " + group + " " + desired.getName() + ") or set install.group to "
          + observed.groupName(user.get().gid()));
    }
    List<String> lines = new ArrayList<>();
    if (gid.isEmpty()) {
      lines.add("create " + (desired.getSystem() ? "system " : "") + "group " + group);
    }
    lines.add("create " + (desired.getSystem() ? "system " : "") + "user " + desired.getName() + " (group " + group
        + ", shell " + shell(desired) + (desired.getHome().isEmpty() ? ", no home" : ", home " + desired.getHome()) + ")");
    return Diff.change(String.join("\n", lines), false);
  }

  @Override
  public String apply(UserResource desired, AccountFiles observed, Diff diff) throws IOException, ResourceFailure {
    machineWide.require("creating users");
    String group = groupOf(desired);
    if (observed.groupId(group).isEmpty()) {
      run(groupaddArgv(desired));
    }
    run(useraddArgv(desired));
    AccountFiles after = observe(desired);
    if (after.user(desired.getName()).isEmpty()) {
      throw new ResourceFailure("useradd succeeded but " + desired.getName() + " is not in /etc/passwd");
    }
    return "created";
  }

  static List<String> groupaddArgv(UserResource desired) {
    List<String> argv = new ArrayList<>(List.of("groupadd"));
    if (desired.getSystem()) {
      argv.add("--system");
    }
    argv.add(groupOf(desired));
    return argv;
  }

  static List<String> useraddArgv(UserResource desired) {
    List<String> argv = new ArrayList<>(List.of("useradd"));
    if (desired.getSystem()) {
      argv.add("--system");
    }
    argv.addAll(List.of("--gid", groupOf(desired), "--shell", shell(desired), "--no-create-home"));
    if (!desired.getHome().isEmpty()) {
      argv.addAll(List.of("--home-dir", desired.getHome()));
    }
    argv.add(desired.getName());
    return argv;
  }

  private static String shell(UserResource desired) {
    return desired.getShell().isEmpty() ? DEFAULT_SHELL : desired.getShell();
  }

  private void run(List<String> argv) throws ResourceFailure {
    CommandResult result;
    try {
      result = runner.run(argv, TIMEOUT);
    } catch (IOException e) {
      throw new ResourceFailure("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      throw new ResourceFailure(result.describeFailure());
    }
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
