package io.vertedge.devices.model;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code devices.kubeedge.io/v1beta1} document: the whole tree as it was read, every field
 * kept (free-form {@code configData}, {@code visitors}, {@code protocol}, and fields this model
 * does not know), with typed views on top. Immutable and safe to share between threads.
 *
 * <p>Reading checks only {@code apiVersion} and {@code kind}; {@link FieldValidation} decides
 * about unknown and duplicate fields and {@link ResourceValidator} about everything else.
 */
public abstract sealed class Resource permits Device, DeviceModel, DeviceStatus {

  private final Map<String, Object> document;
  private final List<String> duplicateFields;

  Resource(Map<String, Object> document, List<String> duplicateFields) {
    this.document = document;
    this.duplicateFields = List.copyOf(duplicateFields);
  }

  static Resource create(ResourceKind kind, Map<String, Object> document, List<String> duplicateFields) {
    return switch (kind) {
      case DEVICE -> new Device(document, duplicateFields);
      case DEVICE_MODEL -> new DeviceModel(document, duplicateFields);
      case DEVICE_STATUS -> new DeviceStatus(document, duplicateFields);
    };
  }

  /** Which kind this is. */
  public abstract ResourceKind kind();

  /** The whole document, unmodifiable, in document order (see {@link DeviceDocuments} for its types). */
  public Map<String, Object> document() { return document; }

  /** The value at {@code keys} (e.g. {@code "spec", "protocol", "configData"}), or {@code null}. */
  public Object get(String... keys) { return Tree.at(document, keys); }

  /** {@code metadata}. */
  public ObjectMeta metadata() { return ObjectMeta.of(document.get("metadata")); }

  /** {@code metadata.name}, or {@code null}. */
  public String name() { return metadata().name(); }

  /** {@code metadata.namespace}, or {@code null} (then the request's namespace applies). */
  public String namespace() { return metadata().namespace(); }

  /**
   * Fields given more than once in the source, as paths ({@code metadata.name}); the last one
   * was kept. {@link FieldValidation} reports them; a resource not read from text has none.
   */
  public List<String> duplicateFields() { return duplicateFields; }

  /**
   * A copy with the value at {@code keys} set ({@code null} removes it), e.g. the server's
   * {@code metadata.resourceVersion}. Objects on the way are created. {@code apiVersion} and
   * {@code kind} cannot be changed this way.
   */
  public Resource with(List<String> keys, Object value) {
    if (keys.size() == 1 && (keys.get(0).equals("apiVersion") || keys.get(0).equals("kind"))) {
      throw new IllegalArgumentException(keys.get(0) + " cannot be changed");
    }
    return create(kind(), Tree.with(document, keys, value), List.of());
  }

  /** The document as compact JSON. */
  public String toJson() { return JsonWriter.write(document, false); }

  /** The document as indented JSON. */
  public String toPrettyJson() { return JsonWriter.write(document, true); }

  /** The document as YAML (one document, no {@code ---}). */
  public String toYaml() { return YamlWriter.write(List.of(document)); }

  /** A mutable copy as a Vert.x {@code JsonObject} (e.g. to apply a merge patch). */
  public JsonObject toJsonObject() { return new JsonObject(toJson()); }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resource other && kind() == other.kind() && document.equals(other.document);
  }

  @Override
  public int hashCode() { return Objects.hash(kind(), document); }

  @Override
  public String toString() {
    String ns = namespace();
    return kind().kind() + " " + (ns == null ? "" : ns + "/") + name();
  }
}
