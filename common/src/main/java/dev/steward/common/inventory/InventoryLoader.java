package dev.steward.common.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads an inventory YAML file, applies the defaults of {@code docs/inventory.md} and
 * validates it. Every problem is collected (not just the first) so a user fixes them all
 * in one go.
 */
public final class InventoryLoader {

  private final ValidationOptions options;

  public InventoryLoader(ValidationOptions options) {
    this.options = options;
  }

  /**
   * Loads {@code file}. Relative artifact paths are resolved against the file's directory.
   *
   * @throws InventoryException with every problem found, when the file is unreadable, not
   *     YAML, or invalid
   */
  public LoadedInventory load(Path file) throws InventoryException {
    String source = file.toString();
    String text = readText(file, source);
    Path absolute = file.toAbsolutePath();
    return parse(text, absolute.getParent(), source, file);
  }

  /**
   * Parses YAML text; {@code baseDir} resolves relative artifact paths (null: the working
   * directory), {@code source} names the text in errors. The result's {@code file} is null.
   */
  public LoadedInventory parse(String yaml, Path baseDir, String source) throws InventoryException {
    return parse(yaml, baseDir, source, null);
  }

  private LoadedInventory parse(String yaml, Path baseDir, String source, Path file) throws InventoryException {
    Problems problems = new Problems();
    try {
      Optional<JsonNode> root = YamlDocument.read(yaml == null ? "" : yaml, problems);
      if (root.isPresent()) {
        Inventory inventory = new InventoryReader(problems, baseDir).read(root.get());
        InventoryRules.check(inventory, problems, options);
        if (!problems.hasErrors()) {
          return new LoadedInventory(inventory, problems.warnings(), file);
        }
      }
    } catch (RuntimeException bug) {
      // Bad input must always come back as problems; whatever slipped through is Steward's bug,
      // but the user still deserves a clear refusal rather than a stack trace.
      problems.error("(inventory)", "Steward failed while reading it (" + bug + ")",
          "please report this, with the inventory, as a Steward bug");
    }
    throw new InventoryException(source, problems.errors());
  }

  private static String readText(Path file, String source) throws InventoryException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // read one byte more than allowed, so an oversized file is noticed without reading all of it
      bytes = in.readNBytes(YamlDocument.MAX_BYTES + 1);
    } catch (IOException | SecurityException e) {
      throw single(source, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
          "check the path and that you may read the file");
    }
    if (bytes.length > YamlDocument.MAX_BYTES) {
      throw single(source, "is larger than " + YamlDocument.MAX_BYTES + " bytes, more than an inventory may have",
          "check that this is the inventory file; one cluster's inventory is a few kilobytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw single(source, "is not UTF-8 text", "save the inventory as UTF-8");
    }
  }

  private static InventoryException single(String source, String message, String fix) {
    return new InventoryException(source, List.of(new InventoryProblem("(file)", message, fix)));
  }
}
