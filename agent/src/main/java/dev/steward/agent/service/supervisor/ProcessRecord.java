package dev.steward.agent.service.supervisor;

/**
 * What the supervisor remembers of a service's process across agent restarts, so that a new
 * agent adopts a still-running process instead of starting a duplicate. The process start
 * time guards against adopting an unrelated process that reuses the pid.
 *
 * @param pid 0 when no process is running
 * @param processStartMillis the kernel's start time of the process (ProcessHandle.Info)
 * @param launchedAtMillis when the supervisor launched it (the status' active_since)
 * @param phase the {@link SupervisedService.Phase} name
 * @param lastExitStatus -1 when unknown
 */
record ProcessRecord(long pid, long processStartMillis, long launchedAtMillis, String phase,
                     int crashRestarts, int crashStreak, int lastExitStatus) {
}
