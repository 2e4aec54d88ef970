package dev.steward.agent.journal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.steward.agent.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proto messages inside the agent's JSON files, readable by a person with {@code cat}: the proto3 JSON
 * mapping as protobuf's {@code JsonFormat} prints and parses it (lowerCamelCase names, fields at their
 * default left out, enums by name, 64-bit integers as strings, bytes as base64), for the agent's own
 * messages (no well-known types). Hand-written over the descriptors so that the agent does not load
 * {@code JsonFormat}, Gson and the well-known types (~250 classes) to store a few messages; the files it
 * wrote before, with {@code JsonFormat}, read the same (ProtoJsonTest compares both ways).
 */
public final class ProtoJson {

  private ProtoJson() {
  }

  /** The message's proto3 JSON as {@link Json} values. */
  public static Map<String, Object> toJson(MessageOrBuilder message) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      Object value = field.getValue();
      if (descriptor.isMapField()) {
        Map<String, Object> map = new LinkedHashMap<>();
        FieldDescriptor keyField = descriptor.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = descriptor.getMessageType().findFieldByNumber(2);
        for (Object entry : (List<?>) value) {
          Message entryMessage = (Message) entry;
          map.put(String.valueOf(scalar(keyField, entryMessage.getField(keyField))),
              single(valueField, entryMessage.getField(valueField)));
        }
        json.put(descriptor.getJsonName(), map);
      } else if (descriptor.isRepeated()) {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(single(descriptor, element));
        }
        json.put(descriptor.getJsonName(), list);
      } else {
        json.put(descriptor.getJsonName(), single(descriptor, value));
      }
    }
    return json;
  }

  /** The message as indented JSON text: a state file. */
  public static String print(MessageOrBuilder message) {
    return Json.writeIndented(toJson(message));
  }

  /** Merges stored JSON into the builder; fields this agent does not know are skipped. */
  public static <B extends Message.Builder> B fromJson(Object json, B builder) {
    try {
      merge(json, builder, true);
      return builder;
    } catch (IOException e) {
      throw new IllegalStateException("stored message does not parse: " + e.getMessage(), e);
    }
  }

  /** Parses JSON text into the builder, as {@code JsonFormat.parser().merge}: an unknown field is an error. */
  public static void merge(String text, Message.Builder builder) throws InvalidProtocolBufferException {
    try {
      merge(Json.parse(text), builder, false);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
  }

  private static Object single(FieldDescriptor field, Object value) {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return toJson((MessageOrBuilder) value);
    }
    return scalar(field, value);
  }

  private static Object scalar(FieldDescriptor field, Object value) {
    switch (field.getType()) {
      case INT32, SINT32, SFIXED32:
        return (long) (Integer) value;
      case UINT32, FIXED32:
        return Integer.toUnsignedLong((Integer) value);
      case INT64, SINT64, SFIXED64:
        return String.valueOf((long) (Long) value);
      case UINT64, FIXED64:
        return Long.toUnsignedString((Long) value);
      case BOOL, STRING:
        return value;
      case BYTES:
        return Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
      case ENUM: {
        EnumValueDescriptor constant = (EnumValueDescriptor) value;
        // a number this agent's enum does not name is printed as the number
        return constant.getIndex() == -1 ? (Object) (long) constant.getNumber() : constant.getName();
      }
      case FLOAT:
      case DOUBLE: {
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d)) {
          return "NaN";
        }
        if (Double.isInfinite(d)) {
          return d > 0 ? "Infinity" : "-Infinity";
        }
        return field.getType() == FieldDescriptor.Type.FLOAT ? new BigDecimal(Float.toString((Float) value))
            : new BigDecimal(Double.toString(d));
      }
      default:
        throw new IllegalArgumentException("no JSON for field type " + field.getType());
    }
  }

  private static void merge(Object json, Message.Builder builder, boolean ignoreUnknown) throws IOException {
    Descriptor type = builder.getDescriptorForType();
    if (type.getFile().getPackage().equals("google.protobuf")) {
      throw new IOException("well-known type " + type.getFullName() + " is not supported here");
    }
    for (Map.Entry<String, Object> member : Json.object(json, type.getFullName()).entrySet()) {
      FieldDescriptor field = field(type, member.getKey());
      if (field == null) {
        if (ignoreUnknown) {
          continue;
        }
        throw new InvalidProtocolBufferException("cannot find field: " + member.getKey() + " in message "
            + type.getFullName());
      }
      Object value = member.getValue();
      if (value == null) {
        continue; // null is the field's default
      }
      String where = type.getFullName() + "." + field.getName();
      if (field.isMapField()) {
        Descriptor entryType = field.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (Map.Entry<String, Object> entry : Json.object(value, where).entrySet()) {
          Message.Builder entryBuilder = builder.newBuilderForField(field);
          entryBuilder.setField(keyField, mapKey(keyField, entry.getKey(), where));
          Object parsed = value(valueField, entry.getValue(), entryBuilder, ignoreUnknown, where);
          if (parsed != null) {
            entryBuilder.setField(valueField, parsed);
          }
          builder.addRepeatedField(field, entryBuilder.build());
        }
      } else if (field.isRepeated()) {
        for (Object element : Json.array(value, where)) {
          Object parsed = value(field, element, builder, ignoreUnknown, where);
          if (parsed != null) {
            builder.addRepeatedField(field, parsed);
          }
        }
      } else {
        Object parsed = value(field, value, builder, ignoreUnknown, where);
        if (parsed != null) {
          builder.setField(field, parsed);
        }
      }
    }
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(name) || field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The field's value, or null for an enum name this agent does not know when unknown fields are skipped. */
  private static Object value(FieldDescriptor field, Object json, Message.Builder parent, boolean ignoreUnknown,
                              String where) throws IOException {
    switch (field.getType()) {
      case MESSAGE, GROUP: {
        Message.Builder child = parent.newBuilderForField(field);
        merge(json, child, ignoreUnknown);
        return child.build();
      }
      case INT32, SINT32, SFIXED32:
        return Math.toIntExact(range(integer(json, where), Integer.MIN_VALUE, Integer.MAX_VALUE, where).longValue());
      case UINT32, FIXED32:
        return (int) range(integer(json, where), 0, 0xffffffffL, where).longValue();
      case INT64, SINT64, SFIXED64:
        return range(integer(json, where), Long.MIN_VALUE, Long.MAX_VALUE, where).longValue();
      case UINT64, FIXED64: {
        BigInteger value = integer(json, where);
        if (value.signum() < 0 || value.bitLength() > 64) {
          throw new IOException(where + ": out of range: " + value);
        }
        return value.longValue();
      }
      case BOOL:
        if (json instanceof Boolean bool) {
          return bool;
        }
        throw new IOException(where + ": a boolean was expected, not " + json);
      case STRING:
        if (json instanceof String text) {
          return text;
        }
        throw new IOException(where + ": a string was expected, not " + json);
      case BYTES:
        if (json instanceof String text) {
          try {
            return ByteString.copyFrom(Base64.getDecoder().decode(text));
          } catch (IllegalArgumentException e) {
            try {
              return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
            } catch (IllegalArgumentException again) {
              throw new IOException(where + ": not base64: " + e.getMessage());
            }
          }
        }
        throw new IOException(where + ": a base64 string was expected, not " + json);
      case ENUM:
        return enumValue(field.getEnumType(), json, ignoreUnknown, where);
      case FLOAT, DOUBLE: {
        double d;
        if (json instanceof String text) {
          d = switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
              try {
                yield Double.parseDouble(text);
              } catch (NumberFormatException e) {
                throw new IOException(where + ": not a number: " + text);
              }
            }
          };
        } else if (json instanceof Number number) {
          d = number.doubleValue();
        } else {
          throw new IOException(where + ": a number was expected, not " + json);
        }
        return field.getType() == FieldDescriptor.Type.FLOAT ? (Object) (float) d : (Object) d;
      }
      default:
        throw new IOException(where + ": no JSON for field type " + field.getType());
    }
  }

  private static Object enumValue(EnumDescriptor type, Object json, boolean ignoreUnknown, String where)
      throws IOException {
    if (json instanceof String name) {
      EnumValueDescriptor value = type.findValueByName(name);
      if (value != null) {
        return value;
      }
      if (ignoreUnknown) {
        return null;
      }
      throw new InvalidProtocolBufferException("invalid enum value: " + name + " for enum type: " + type.getFullName()
          + " (" + where + ")");
    }
    int number = range(integer(json, where), Integer.MIN_VALUE, Integer.MAX_VALUE, where).intValue();
    EnumValueDescriptor value = type.isClosed() ? type.findValueByNumber(number)
        : type.findValueByNumberCreatingIfUnknown(number);
    if (value == null && !ignoreUnknown) {
      throw new InvalidProtocolBufferException("invalid enum value: " + number + " for enum type: "
          + type.getFullName() + " (" + where + ")");
    }
    return value;
  }

  private static Object mapKey(FieldDescriptor keyField, String key, String where) throws IOException {
    switch (keyField.getType()) {
      case STRING:
        return key;
      case BOOL:
        if (key.equals("true") || key.equals("false")) {
          return Boolean.parseBoolean(key);
        }
        throw new IOException(where + ": a boolean map key was expected, not " + key);
      default:
        return value(keyField, key, null, false, where);
    }
  }

  /** An integer as JSON carries it: a number, or a string (64-bit integers are written as strings). */
  private static BigInteger integer(Object json, String where) throws IOException {
    try {
      if (json instanceof Long number) {
        return BigInteger.valueOf(number);
      }
      if (json instanceof BigInteger number) {
        return number;
      }
      if (json instanceof BigDecimal number) {
        return number.toBigIntegerExact();
      }
      if (json instanceof String text) {
        return new BigDecimal(text.trim()).toBigIntegerExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IOException(where + ": not an integer: " + json);
    }
    throw new IOException(where + ": an integer was expected, not " + json);
  }

  private static BigInteger range(BigInteger value, long min, long max, String where) throws IOException {
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IOException(where + ": out of range: " + value);
    }
    return value;
  }
}
