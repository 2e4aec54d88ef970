package dev.steward.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The agent's build version, from a resource Maven fills in. */
public final class AgentVersion {

  private AgentVersion() {
  }

  public static String current() {
    try (InputStream in = AgentVersion.class.getResourceAsStream("steward-agent.version")) {
      if (in == null) {
        return "unknown";
      }
      String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
