package io.vertedge.devices.model;

import java.util.List;

/**
 * A resource as {@link FieldValidation} lets it through: unknown fields removed (as Kubernetes
 * stores custom resources), and the warnings to send ({@code Warning} header) under {@code Warn}.
 */
public record Admitted<R extends Resource>(R resource, List<String> warnings) {

  public Admitted {
    warnings = List.copyOf(warnings);
  }
}
