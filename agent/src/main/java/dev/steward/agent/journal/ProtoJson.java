package dev.steward.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Proto messages inside the agent's JSON files, readable by a person with {@code cat}. */
public final class ProtoJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtoJson() {
  }

  public static JsonNode toJson(MessageOrBuilder message) {
    try {
      return JSON.readTree(JsonFormat.printer().print(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <B extends Message.Builder> B fromJson(JsonNode json, B builder) {
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(json), builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored message does not parse: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
