package dev.steward.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.steward.agent.json.Json;
import dev.steward.agent.v1.AgentProto;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourcesProto;
import dev.steward.agent.v1.ServiceResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The agent's proto3 JSON against protobuf's {@code JsonFormat} (test scope only), for every message of the
 * agent's API filled with values in every field: the same JSON values printed, JsonFormat's text (the files
 * agents wrote before) parsed to the same message, and the agent's text parsed by JsonFormat.
 */
class ProtoJsonTest {

  private static List<Descriptor> messages() {
    List<Descriptor> all = new ArrayList<>();
    for (FileDescriptor file : List.of(AgentProto.getDescriptor(), ResourcesProto.getDescriptor())) {
      all.addAll(file.getMessageTypes());
    }
    return all;
  }

  @Test
  void everyMessageOfTheApiLikeJsonFormat() throws Exception {
    Random random = new Random(12);
    int checked = 0;
    for (Descriptor type : messages()) {
      for (int variant = 0; variant < 3; variant++) {
        Message message = filled(com.google.protobuf.DynamicMessage.newBuilder(type), random, 0, variant).build();
        Message.Builder prototype = prototype(type);
        Message typed = prototype.clone().mergeFrom(message.toByteString()).build();
        String jsonFormat = JsonFormat.printer().print(typed);

        assertThat(ProtoJson.toJson(typed)).as(type.getFullName()).isEqualTo(Json.parse(jsonFormat));
        Message.Builder fromOld = prototype.clone();
        ProtoJson.merge(jsonFormat, fromOld);
        assertThat(fromOld.build()).as(type.getFullName()).isEqualTo(typed);
        assertThat(ProtoJson.fromJson(Json.parse(jsonFormat), prototype.clone()).build()).isEqualTo(typed);
        Message.Builder byJsonFormat = prototype.clone();
        JsonFormat.parser().merge(ProtoJson.print(typed), byJsonFormat);
        assertThat(byJsonFormat.build()).as(type.getFullName()).isEqualTo(typed);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void protoFieldNamesNullsAndNumbersAsJsonFormatAcceptsThem() throws Exception {
    ServiceResource.Builder builder = ServiceResource.newBuilder();
    String text = "{\"service\": 2, \"state\": null, \"enabled\": true, \"requires\": [\"SERVICE_NAME_ZOOKEEPER\", 3], \"launch\": {}}";
    ProtoJson.merge(text, builder);
    ServiceResource.Builder expected = ServiceResource.newBuilder();
    JsonFormat.parser().merge(text, expected);
    assertThat(builder.build()).isEqualTo(expected.build());
  }

  @Test
  void unknownFieldsAreAnErrorInStateFilesAndSkippedInTheJournal() throws Exception {
    assertThatThrownBy(() -> ProtoJson.merge("{\"noSuchField\": 1}", ResourceResult.newBuilder()))
        .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("noSuchField");
    assertThatThrownBy(() -> ProtoJson.merge("{\"status\": \"NO_SUCH_STATUS\"}", ResourceResult.newBuilder()))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> ProtoJson.merge("{\"id\": ", ResourceResult.newBuilder()))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThat(ProtoJson.fromJson(Json.parse("{\"id\": \"r\", \"fromANewerAgent\": {\"x\": 1}}"),
        ResourceResult.newBuilder()).build()).isEqualTo(ResourceResult.newBuilder().setId("r").build());
    ProbeZooKeeperResponse.Builder map = ProbeZooKeeperResponse.newBuilder();
    ProtoJson.merge("{\"values\": {\"zk_version\": \"3.8.4\", \"a\": \"b\"}}", map);
    assertThat(map.getValuesMap()).containsEntry("zk_version", "3.8.4").hasSize(2);
  }

  @Test
  void lastAppliedStateJsonFormatWroteIsRead() throws Exception {
    ApplyRequest request = (ApplyRequest) prototype(ApplyRequest.getDescriptor()).clone()
        .mergeFrom(filled(com.google.protobuf.DynamicMessage.newBuilder(ApplyRequest.getDescriptor()), new Random(3),
            0, 1).build().toByteString()).build();
    ApplyRequest.Builder read = ApplyRequest.newBuilder();
    ProtoJson.merge(JsonFormat.printer().print(request), read);
    assertThat(read.build()).isEqualTo(request);
    assertThat(request.getResourcesCount()).isPositive();
  }

  private static Message.Builder prototype(Descriptor type) throws Exception {
    String className = type.getFile().getOptions().getJavaPackage() + "." + type.getName();
    return (Message.Builder) Class.forName(className).getMethod("newBuilder").invoke(null);
  }

  /** Every field set (a oneof: the variant-th member), with values that exercise the mapping's edges. */
  private static Message.Builder filled(Message.Builder builder, Random random, int depth, int variant) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (field.getContainingOneof() != null) {
        List<FieldDescriptor> members = field.getContainingOneof().getFields();
        if (members.get(variant % members.size()) != field) {
          continue;
        }
      }
      if (field.isMapField()) {
        for (int i = 0; i < 2; i++) {
          Message.Builder entry = builder.newBuilderForField(field);
          FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
          FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
          entry.setField(key, sample(entry, key, random, depth, variant + i));
          entry.setField(value, sample(entry, value, random, depth, variant + i));
          builder.addRepeatedField(field, entry.build());
        }
      } else if (field.isRepeated()) {
        for (int i = 0; i < 1 + variant; i++) {
          builder.addRepeatedField(field, sample(builder, field, random, depth, variant + i));
        }
      } else {
        builder.setField(field, sample(builder, field, random, depth, variant));
      }
    }
    return builder;
  }

  private static Object sample(Message.Builder parent, FieldDescriptor field, Random random, int depth, int variant) {
    switch (field.getJavaType()) {
      case INT:
        return variant == 1 ? -1 - random.nextInt(1000) : variant == 2 ? Integer.MAX_VALUE : 1 + random.nextInt(1000);
      case LONG:
        return variant == 1 ? Long.MIN_VALUE : variant == 2 ? -1L : 1L + random.nextInt(1 << 30) * 1000L;
      case BOOLEAN:
        return true;
      case STRING:
        return variant == 1 ? "é \"q\" \\ \n\t\u0001 日本" : "s" + random.nextInt(100);
      case BYTE_STRING:
        byte[] bytes = new byte[variant + 4];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
      case ENUM:
        if (variant == 2) {
          return field.getEnumType().findValueByNumberCreatingIfUnknown(77);
        }
        return field.getEnumType().getValues().get(field.getEnumType().getValues().size() - 1);
      case FLOAT:
        return 1.5f;
      case DOUBLE:
        return 2.25;
      case MESSAGE:
        Message.Builder child = parent.newBuilderForField(field);
        return depth < 4 ? filled(child, random, depth + 1, variant).build() : child.build();
      default:
        throw new IllegalArgumentException(field.toString());
    }
  }
}
