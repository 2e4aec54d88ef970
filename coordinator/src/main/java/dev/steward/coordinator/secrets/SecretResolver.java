package dev.steward.coordinator.secrets;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.SecretSpec;
import dev.steward.common.service.ConnectSecrets;
import dev.steward.common.state.SecretValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the values of the secrets the inventory's connectors use, from the coordinator's
 * environment or files, before any host is contacted. A secret that cannot be read is bad input.
 */
public final class SecretResolver {

  /** A secret that could not be read; names the field and the fix, never a value. */
  public static final class SecretException extends Exception {

    private static final long serialVersionUID = 1L;

    public SecretException(String message) {
      super(message);
    }
  }

  private static final int MAX_BYTES = 64 * 1024;

  private final Function<String, String> environment;

  public SecretResolver(Function<String, String> environment) {
    this.environment = environment;
  }

  public static SecretResolver fromProcess() {
    return new SecretResolver(System::getenv);
  }

  public SecretValues resolve(Inventory inventory) throws SecretException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : ConnectSecrets.used(inventory)) {
      SecretSpec spec = inventory.secrets().get(name);
      String value = spec.env().isPresent() ? fromEnvironment(spec) : fromFile(spec);
      if (value.isEmpty()) {
        throw new SecretException("secrets." + name + ": " + spec.source() + " is empty; put the secret there");
      }
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new SecretException("secrets." + name + ": the value in " + spec.source() + " holds a control character "
            + "(other than one trailing newline); a secret is one line");
      }
      values.put(name, value);
    }
    return new SecretValues(values);
  }

  private String fromEnvironment(SecretSpec spec) throws SecretException {
    String value = environment.apply(spec.env().orElseThrow());
    if (value == null) {
      throw new SecretException("secrets." + spec.name() + ": " + spec.source() + " is not set in the coordinator's "
          + "environment; export it before running steward");
    }
    return value;
  }

  private static String fromFile(SecretSpec spec) throws SecretException {
    try {
      if (Files.size(spec.file().orElseThrow()) > MAX_BYTES) {
        throw new SecretException("secrets." + spec.name() + ": " + spec.source() + " is larger than 64 KiB; a secret "
            + "file holds just the secret");
      }
      String text = Files.readString(spec.file().orElseThrow(), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new SecretException("secrets." + spec.name() + ": cannot read " + spec.source() + " ("
          + e.getClass().getSimpleName() + "); check the path and that the coordinator's user may read it");
    }
  }
}
