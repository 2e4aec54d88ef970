package dev.steward.agent.service;

import dev.steward.agent.v1.ServiceName;

/** What a backend tells the rest of the agent about its services' lifecycles. */
public interface ServiceEvents {

  ServiceEvents NONE = new ServiceEvents() { };

  /** A new process of the service was launched (by anyone: a control call, an apply, a crash restart). */
  default void launched(ServiceName service, String why) {
  }

  /** The service's process ended; {@code expected} when we had asked it to stop. */
  default void exited(ServiceName service, int exitStatus, boolean expected) {
  }
}
