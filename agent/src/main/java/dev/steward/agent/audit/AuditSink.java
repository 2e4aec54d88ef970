package dev.steward.agent.audit;

/** Where changes are recorded; {@link AuditLog} in the agent, a list in tests. */
public interface AuditSink {

  AuditSink NONE = new AuditSink() {
    @Override
    public void record(String caller, String operationId, String action, String resource, String before, String after,
                       String result, String message) {
    }

    @Override
    public String digest(byte[] content, boolean secret) {
      return "";
    }
  };

  /** Records one change. Never throws: a change that happened stays recorded in the agent's log at least. */
  void record(String caller, String operationId, String action, String resource, String before, String after,
              String result, String message);

  /** How a content is named in the trail: a plain SHA-256, or a keyed one for secrets. */
  String digest(byte[] content, boolean secret);
}
