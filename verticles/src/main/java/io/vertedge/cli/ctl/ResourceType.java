package io.vertedge.cli.ctl;

import io.vertedge.devices.model.ResourceKind;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The resource types ctl names on its command line, with kubectl's singular and short forms. */
enum ResourceType {
  DEVICES(ResourceKind.DEVICE, "devices", "device", "dev"),
  DEVICEMODELS(ResourceKind.DEVICE_MODEL, "devicemodels", "devicemodel"),
  DEVICESTATUSES(ResourceKind.DEVICE_STATUS, "devicestatuses", "devicestatus"),
  NODES(null, "nodes", "node", "no");

  private static final String GROUP_PATH = "/apis/" + ResourceKind.API_VERSION;

  private final ResourceKind kind;
  private final List<String> names;

  ResourceType(ResourceKind kind, String... names) {
    this.kind = kind;
    this.names = List.of(names);
  }

  /** The device kind; null for nodes. */
  ResourceKind kind() {
    return kind;
  }

  String plural() {
    return names.get(0);
  }

  static ResourceType of(ResourceKind kind) {
    return Arrays.stream(values()).filter(t -> t.kind == kind).findFirst().orElseThrow();
  }

  /** {@code /apis/devices.kubeedge.io/v1beta1/namespaces/{ns}/devices}, or across all with a null namespace. */
  String collection(String namespace) {
    return namespace == null ? GROUP_PATH + "/" + plural() : GROUP_PATH + "/namespaces/" + namespace + "/" + plural();
  }

  String object(String namespace, String name) {
    return collection(namespace) + "/" + name;
  }

  /** As kubectl names an object: {@code device.devices.kubeedge.io/thermo-1}. */
  static String qualifiedName(ResourceKind kind, String name) {
    return kind.kind().toLowerCase(Locale.ROOT) + "." + ResourceKind.GROUP + "/" + name;
  }

  /** Reads a type as typed on the command line; an unknown one is a usage error (exit 2). */
  static final class Converter implements ITypeConverter<ResourceType> {
    @Override
    public ResourceType convert(String value) {
      String lower = value.toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(t -> t.names.contains(lower)).findFirst()
          .orElseThrow(() -> new TypeConversionException("unknown resource type \"" + value
              + "\": expected devices, devicemodels, devicestatuses or nodes"));
    }
  }

  /** The plural names, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(ResourceType::plural).iterator();
    }
  }
}
