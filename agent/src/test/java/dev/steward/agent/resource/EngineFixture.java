package dev.steward.agent.resource;

import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.service.PendingRestarts;
import dev.steward.agent.testing.FakeServiceBackend;
import dev.steward.agent.v1.ApplySummary;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A host root, a state dir and an engine with the standard handlers over a fake service backend. */
final class EngineFixture {

  final Path root;
  final Path state;
  final HostRoot hostRoot;
  final ArtifactStore artifacts;
  final FakeServiceBackend backend = new FakeServiceBackend();
  final PendingRestarts pending;
  final ResourceEngine engine;
  ApplySummary lastSummary;

  EngineFixture(Path temp) throws IOException {
    this(temp, ArtifactStore.DEFAULT_MAX_BYTES);
  }

  EngineFixture(Path temp, long maxArtifactBytes) throws IOException {
    root = Files.createDirectories(temp.resolve("host"));
    state = Files.createDirectories(temp.resolve("state"));
    hostRoot = new HostRoot(root);
    artifacts = new ArtifactStore(state.resolve("artifacts"), maxArtifactBytes);
    pending = new PendingRestarts(state.resolve("pending-restarts.json"));
    engine = new ResourceEngine(ResourceHandlers.standard(hostRoot, artifacts, backend,
        new JavaRuntimeProbe(JavaRuntimeProbe.agentJavaHome())), backend, pending);
  }

  List<ResourceResult> apply(Resource... resources) {
    return run(false, resources);
  }

  ResourceResult applyOne(Resource resource) {
    return apply(resource).get(0);
  }

  ResourceResult dryRunOne(Resource resource) {
    return run(true, resource).get(0);
  }

  List<ResourceResult> run(boolean dryRun, Resource... resources) {
    List<ResourceResult> results = new ArrayList<>();
    lastSummary = engine.converge(List.of(resources), dryRun, results::add);
    return results;
  }

  Path real(String logical) {
    return root.resolve(logical.substring(1));
  }

  /** Puts an archive into the store the way PushArtifact does. */
  String store(byte[] tgz, String name) throws Exception {
    String sha = dev.steward.agent.testing.Tgz.sha512(tgz);
    try (ArtifactStore.Upload upload = artifacts.begin(name, sha, tgz.length)) {
      upload.write(tgz);
      upload.finish();
    }
    return sha;
  }
}
