package dev.steward.agent.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restart reasons of running services whose inputs changed, kept on disk until the service
 * is next started or restarted by anyone. The agent never acts on them: the coordinator
 * schedules restarts through its rollers; this is how it learns which are needed, even
 * after an agent restart.
 */
public final class PendingRestarts {

  record Entry(RestartReasonKind kind, String detail) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<ServiceName, Set<Entry>> pending = new EnumMap<>(ServiceName.class);

  public PendingRestarts(Path file) throws IOException {
    this.file = file;
    if (Files.exists(file)) {
      Map<ServiceName, List<Entry>> stored = JSON.readValue(file.toFile(),
          new TypeReference<Map<ServiceName, List<Entry>>>() { });
      stored.forEach((service, entries) -> pending.put(service, new LinkedHashSet<>(entries)));
    }
  }

  /** Adds reasons; the same kind and detail for a service is kept once. */
  public synchronized void add(List<RestartReason> reasons) {
    boolean changed = false;
    for (RestartReason reason : reasons) {
      changed |= pending.computeIfAbsent(reason.getService(), s -> new LinkedHashSet<>())
          .add(new Entry(reason.getKind(), reason.getDetail()));
    }
    if (changed) {
      save();
    }
  }

  /** The service was (re)started: it now runs with its current inputs. */
  public synchronized void clear(ServiceName service) {
    if (pending.remove(service) != null) {
      save();
    }
  }

  public synchronized List<RestartReason> of(ServiceName service) {
    List<RestartReason> reasons = new ArrayList<>();
    for (Entry entry : pending.getOrDefault(service, Set.of())) {
      reasons.add(RestartReason.newBuilder().setService(service).setKind(entry.kind()).setDetail(entry.detail()).build());
    }
    return reasons;
  }

  public synchronized List<RestartReason> all() {
    List<RestartReason> reasons = new ArrayList<>();
    for (ServiceName service : pending.keySet()) {
      reasons.addAll(of(service));
    }
    return reasons;
  }

  private void save() {
    Map<ServiceName, List<Entry>> snapshot = new EnumMap<>(ServiceName.class);
    pending.forEach((service, entries) -> {
      if (!entries.isEmpty()) {
        snapshot.put(service, List.copyOf(entries));
      }
    });
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record pending restarts in " + file, e);
    }
  }
}
