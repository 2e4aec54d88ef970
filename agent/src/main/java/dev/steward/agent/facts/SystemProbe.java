package dev.steward.agent.facts;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

/** Memory, CPUs, OS and hostname of the machine, through OSHI. */
public class SystemProbe {

  /** What the machine has. */
  public record Machine(String hostname, String os, String kernel, int logicalCpus,
                        long totalMemoryBytes, long availableMemoryBytes) {
  }

  private final SystemInfo systemInfo = new SystemInfo();

  public Machine observe() {
    GlobalMemory memory = systemInfo.getHardware().getMemory();
    OperatingSystem os = systemInfo.getOperatingSystem();
    return new Machine(
        hostname(),
        os.toString(),
        System.getProperty("os.version"),
        systemInfo.getHardware().getProcessor().getLogicalProcessorCount(),
        memory.getTotal(),
        memory.getAvailable());
  }

  /**
   * The kernel's hostname first: InetAddress.getLocalHost() may stall on reverse DNS in a
   * network namespace without /etc/hosts entries.
   */
  static String hostname() {
    try {
      String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
      if (!kernel.isEmpty()) {
        return kernel;
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
