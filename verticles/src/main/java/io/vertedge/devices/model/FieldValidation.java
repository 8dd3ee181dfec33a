package io.vertedge.devices.model;

import io.vertedge.api.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to do with unknown and duplicate fields, as Kubernetes' {@code ?fieldValidation=}
 * (API.md section 5): {@code Strict} refuses the document (400, naming every such field),
 * {@code Warn} (the default) drops unknown fields and warns about each, {@code Ignore} drops
 * them silently. A duplicate field keeps its last value. Free-form fields ({@code configData},
 * {@code protocolConfigData}, ...) have no unknown members.
 */
public enum FieldValidation {
  STRICT("Strict"), WARN("Warn"), IGNORE("Ignore");

  /** Kubernetes' and our default. */
  public static final FieldValidation DEFAULT = WARN;

  private final String text;

  FieldValidation(String text) { this.text = text; }

  /** As written in the query: {@code Strict}, {@code Warn}, {@code Ignore}. */
  public String text() { return text; }

  /** The directive of {@code ?fieldValidation=}; {@link #DEFAULT} when absent or empty; 400 when unknown. */
  public static FieldValidation parse(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT;
    }
    return Arrays.stream(values()).filter(v -> v.text.equals(text)).findFirst()
        .orElseThrow(() -> ApiException.badRequest("fieldValidation: " + FieldError.notSupported(
            FieldPath.root(), text, List.of("Ignore", "Strict", "Warn")).body()));
  }

  /** {@code resource} without unknown fields, with the warnings to send; 400 under {@code Strict}. */
  public <R extends Resource> Admitted<R> apply(R resource) {
    List<String> unknown = SchemaWalk.of(resource).unknownFields();
    List<String> problems = new ArrayList<>();
    unknown.forEach(f -> problems.add("unknown field " + GoText.quote(f)));
    resource.duplicateFields().forEach(f -> problems.add("duplicate field " + GoText.quote(f)));
    if (this == STRICT && !problems.isEmpty()) {
      String kind = resource.kind().kind();
      throw ApiException.badRequest(kind + " in version " + GoText.quote(ResourceKind.VERSION)
          + " cannot be handled as a " + kind + ": strict decoding error: " + String.join(", ", problems));
    }
    R admitted = unknown.isEmpty() ? resource : pruned(resource);
    return new Admitted<>(admitted, this == WARN ? problems : List.of());
  }

  @SuppressWarnings("unchecked")
  private static <R extends Resource> R pruned(R resource) {
    return (R) Resource.create(resource.kind(),
        SchemaWalk.prune(resource.document(), KnownFields.of(resource.kind())), resource.duplicateFields());
  }
}
