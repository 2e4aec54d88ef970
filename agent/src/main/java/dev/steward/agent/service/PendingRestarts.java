package dev.steward.agent.service;

import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.json.Json;
import dev.steward.agent.v1.RestartReason;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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

  private final Path file;
  private final Map<ServiceName, Set<Entry>> pending = new EnumMap<>(ServiceName.class);

  public PendingRestarts(Path file) throws IOException {
    this.file = file;
    if (Files.exists(file)) {
      read(Files.readString(file, StandardCharsets.UTF_8)).forEach((service, entries) ->
          pending.put(service, new LinkedHashSet<>(entries)));
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

  /** {@code {"KAFKA" : [ {"kind" : ..., "detail" : ...} ]}}: what {@link #write} (or Jackson, before it) wrote. */
  static Map<ServiceName, List<Entry>> read(String text) throws IOException {
    Map<ServiceName, List<Entry>> stored = new EnumMap<>(ServiceName.class);
    for (Map.Entry<String, Object> service : Json.object(Json.parse(text), "pending restarts").entrySet()) {
      List<Entry> entries = new ArrayList<>();
      for (Object element : Json.array(service.getValue(), service.getKey())) {
        Map<String, Object> entry = Json.object(element, service.getKey());
        Json.requireKnown(entry, service.getKey(), List.of("kind", "detail"));
        String kind = Json.string(entry, "kind");
        entries.add(new Entry(kind == null ? null : constant(RestartReasonKind.class, kind),
            Json.string(entry, "detail")));
      }
      stored.put(constant(ServiceName.class, service.getKey()), entries);
    }
    return stored;
  }

  static String write(Map<ServiceName, List<Entry>> snapshot) {
    Map<String, Object> json = new LinkedHashMap<>();
    snapshot.forEach((service, entries) -> {
      List<Object> list = new ArrayList<>();
      for (Entry entry : entries) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("kind", entry.kind() == null ? null : entry.kind().name());
        member.put("detail", entry.detail());
        list.add(member);
      }
      json.put(service.name(), list);
    });
    return Json.writeIndented(json);
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name) throws IOException {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new IOException("pending restarts: unknown " + type.getSimpleName() + " '" + name + "'");
    }
  }

  private void save() {
    Map<ServiceName, List<Entry>> snapshot = new EnumMap<>(ServiceName.class);
    pending.forEach((service, entries) -> {
      if (!entries.isEmpty()) {
        snapshot.put(service, List.copyOf(entries));
      }
    });
    try {
      AtomicFiles.write(file, write(snapshot).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record pending restarts in " + file, e);
    }
  }
}
