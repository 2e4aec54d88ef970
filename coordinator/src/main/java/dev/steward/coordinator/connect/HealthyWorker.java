package dev.steward.coordinator.connect;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first Connect worker that answers as healthy, for commands that talk to the cluster's REST
 * API through any one worker; and, when none does, what each said.
 */
public record HealthyWorker(Optional<ConnectRestClient> client, List<String> problems) {

  public HealthyWorker {
    problems = List.copyOf(problems);
  }

  /** @param workers REST addresses by host name, tried in order */
  public static HealthyWorker find(Map<String, URI> workers, Duration timeout) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, URI> worker : workers.entrySet()) {
      ConnectRestClient client = new ConnectRestClient(worker.getValue(), timeout);
      try {
        if (client.health().healthy()) {
          return new HealthyWorker(Optional.of(client), problems);
        }
        problems.add(worker.getKey() + " is not healthy");
      } catch (ConnectRestException e) {
        problems.add(worker.getKey() + ": " + e.getMessage());
      }
    }
    return new HealthyWorker(Optional.empty(), problems);
  }
}
