package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertedge.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;

/** The sample documents under {@code src/test/resources/devices/}, and helpers on them. */
final class Samples {

  private Samples() { }

  static String text(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/devices/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Resource> all(String name) {
    return DeviceDocuments.readYaml(text(name));
  }

  static <R extends Resource> R one(String name, Class<R> type) {
    List<Resource> all = all(name);
    assertEquals(1, all.size(), name);
    return type.cast(all.get(0));
  }

  static DeviceModel model() { return one("thermometer-model.yaml", DeviceModel.class); }

  static Device device() { return one("thermometer-device.yaml", Device.class); }

  static Device device(String yaml) { return (Device) DeviceDocuments.readYaml(yaml).get(0); }

  /** The 400 that {@code action} throws. */
  static ApiException badRequest(Executable action) {
    ApiException e = assertThrows(ApiException.class, action);
    assertEquals(400, e.code(), e.getMessage());
    assertEquals("BadRequest", e.reason());
    return e;
  }

  /** The value at {@code steps} (member names and list indexes) below {@code resource}'s document, or null. */
  static Object at(Resource resource, Object... steps) {
    Object current = resource.document();
    for (Object step : steps) {
      if (step instanceof Integer i && current instanceof List<?> list && i < list.size()) {
        current = list.get(i);
      } else if (step instanceof String key && current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else {
        return null;
      }
    }
    return current;
  }

  /** Every path to a leaf of a tree (scalars, empty objects and empty lists), with its value. */
  static Set<String> leaves(Object tree) {
    Set<String> out = new TreeSet<>();
    leaves("", tree, out);
    return out;
  }

  private static void leaves(String path, Object value, Set<String> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach((k, v) -> leaves(path + "/" + k, v, out));
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        leaves(path + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.add(path + " = " + value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
    }
  }
}
