package io.vertedge.devices.model;

import io.vertedge.api.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link ResourceValidator} found: errors (any one refuses the resource) and warnings (sent
 * with the answer, e.g. a cycle read as nanoseconds).
 */
public record Validation(List<FieldError> errors, List<String> warnings) {

  public Validation {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** Whether there is no error. */
  public boolean valid() { return errors.isEmpty(); }

  /**
   * The 422 {@code Invalid} for {@code resource}, as Kubernetes' {@code NewInvalid} builds it:
   * message {@code Device.devices.kubeedge.io "thermo-1" is invalid: <error>} ({@code [e1, e2]}
   * for several), details naming the resource and one cause per error.
   */
  public ApiException toException(Resource resource) {
    ResourceKind kind = resource.kind();
    String name = resource.name() == null ? "" : resource.name();
    String message = kind.qualified() + " " + GoText.quote(name) + " is invalid";
    if (!errors.isEmpty()) {
      message += ": " + aggregate();
    }
    ApiException.Details details = new ApiException.Details(name, ResourceKind.GROUP, kind.plural(),
        errors.stream().map(FieldError::toCause).toList());
    return new ApiException(422, "Invalid", message, details);
  }

  /** Throws {@link #toException} when there is an error. */
  public void throwIfInvalid(Resource resource) {
    if (!valid()) {
      throw toException(resource);
    }
  }

  // Kubernetes' aggregate error: one message alone, several in brackets, repeats dropped
  private String aggregate() {
    Set<String> messages = new LinkedHashSet<>();
    errors.forEach(e -> messages.add(e.message()));
    return messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
  }
}
