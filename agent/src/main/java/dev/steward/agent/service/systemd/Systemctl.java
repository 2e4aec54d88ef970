package dev.steward.agent.service.systemd;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.service.ServiceException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The systemctl calls the backend makes, each an argv through the CommandRunner. */
final class Systemctl {

  /** Everything but stop: none of these waits for a service's own work. */
  static final Duration QUICK = Duration.ofSeconds(90);
  /** systemctl stop itself gives up at TimeoutStopSec (then SIGKILL): allow for that plus the kill. */
  static final Duration STOP_MARGIN = Duration.ofSeconds(60);

  private final CommandRunner runner;

  Systemctl(CommandRunner runner) {
    this.runner = runner;
  }

  SystemctlShow show(String unit) throws ServiceException {
    List<String> argv = new ArrayList<>(List.of("systemctl", "show", "--no-pager"));
    argv.add("-p");
    argv.add(String.join(",", SystemctlShow.PROPERTIES));
    argv.add(unit);
    return SystemctlShow.parse(run(argv, QUICK).stdout());
  }

  void daemonReload() throws ServiceException {
    run(List.of("systemctl", "daemon-reload"), QUICK);
  }

  void enable(String unit) throws ServiceException {
    run(List.of("systemctl", "enable", "--quiet", unit), QUICK);
  }

  void disable(String unit) throws ServiceException {
    run(List.of("systemctl", "disable", "--quiet", unit), QUICK);
  }

  void start(String unit) throws ServiceException {
    run(List.of("systemctl", "start", unit), QUICK);
  }

  /** Blocks until the service has stopped: SIGTERM, and SIGKILL only after its TimeoutStopSec. */
  void stop(String unit, Duration stopTimeout) throws ServiceException {
    run(List.of("systemctl", "stop", unit), stopTimeout.plus(STOP_MARGIN));
  }

  void restart(String unit, Duration stopTimeout) throws ServiceException {
    run(List.of("systemctl", "restart", unit), stopTimeout.plus(STOP_MARGIN).plus(QUICK));
  }

  private CommandResult run(List<String> argv, Duration timeout) throws ServiceException {
    CommandResult result;
    try {
      result = runner.run(argv, timeout);
    } catch (IOException e) {
      throw new ServiceException(Reason.OPERATION_FAILED, "cannot run systemctl: " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      String unit = argv.get(argv.size() - 1);
      String hint = unit.endsWith(".service") ? " (see journalctl -u " + unit + ")" : "";
      throw new ServiceException(Reason.OPERATION_FAILED, result.describeFailure() + hint);
    }
    return result;
  }
}
