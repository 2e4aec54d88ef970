package dev.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import dev.steward.agent.v1.AgentProto;
import dev.steward.agent.v1.AuditProto;
import dev.steward.agent.v1.EnrollmentProto;
import dev.steward.agent.v1.ResourcesProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards against regressions of the agent's two structural promises: it executes typed
 * resources only (no API field carries a command to run), and any subprocess it starts gets
 * an argv, never a shell.
 */
class HardeningGuardsTest {

  private static final Pattern COMMAND_LIKE = Pattern.compile(
      "(?i).*(^|_)(command|cmd|shell|script|exec|argv|args|program|run)(_|$).*");
  /** Reviewed exceptions: the field is not something the agent runs. */
  private static final Set<String> REVIEWED = Set.of(
      // the login shell written into /etc/passwd (e.g. /bin/false); validated as an absolute path, never executed
      "steward.agent.v1.UserResource.shell");
  private static final Pattern SHELL_LITERAL = Pattern.compile("\"(/usr)?(/bin/)?(ba|da|z|k)?sh\"|\"-c\"");

  @Test
  void noFieldOfTheAgentApiCarriesACommandToRun() {
    List<String> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Descriptors.FileDescriptor file : List.of(AgentProto.getDescriptor(), ResourcesProto.getDescriptor(),
        EnrollmentProto.getDescriptor(), AuditProto.getDescriptor())) {
      for (Descriptors.Descriptor message : file.getMessageTypes()) {
        scan(message, found, seen);
      }
    }
    assertThat(seen).as("messages scanned").hasSizeGreaterThan(40);
    assertThat(found).as("text fields named like a command").isEmpty();
  }

  private static void scan(Descriptors.Descriptor message, List<String> found, Set<String> seen) {
    if (!seen.add(message.getFullName())) {
      return;
    }
    for (Descriptors.FieldDescriptor field : message.getFields()) {
      boolean text = field.getJavaType() == Descriptors.FieldDescriptor.JavaType.STRING
          || field.getJavaType() == Descriptors.FieldDescriptor.JavaType.BYTE_STRING;
      if (text && COMMAND_LIKE.matcher(field.getName()).matches() && !REVIEWED.contains(field.getFullName())) {
        found.add(message.getFullName() + "." + field.getName());
      }
      if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
        scan(field.getMessageType(), found, seen);
      }
    }
    for (Descriptors.Descriptor nested : message.getNestedTypes()) {
      scan(nested, found, seen);
    }
  }

  @Test
  void subprocessesGetAnArgvNeverAShell() throws IOException {
    Path sources = Path.of("src/main/java");
    assertThat(sources).as("run from the agent module").isDirectory();
    List<String> found = new ArrayList<>();
    int processStarts = 0;
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String code = Files.readString(file);
        if (code.contains("Runtime.getRuntime().exec")) {
          found.add(file + ": Runtime.exec");
        }
        Matcher shell = SHELL_LITERAL.matcher(code);
        while (shell.find()) {
          found.add(file + ": " + shell.group());
        }
        processStarts += count(code, "new ProcessBuilder(");
      }
    }
    assertThat(processStarts).as("the scan sees the agent's subprocesses").isGreaterThanOrEqualTo(2);
    assertThat(found).as("shells or Runtime.exec in the agent").isEmpty();
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
