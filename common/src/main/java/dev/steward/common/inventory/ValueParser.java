package dev.steward.common.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one YAML value (never null or missing: {@link YamlMap} handles those) into a typed value. */
@FunctionalInterface
interface ValueParser<T> {

  T parse(JsonNode node) throws InvalidValue;
}
