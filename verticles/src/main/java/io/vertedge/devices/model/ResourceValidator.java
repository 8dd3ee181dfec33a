package io.vertedge.devices.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates a resource as the apiserver and KubeEdge would, plus what Vertedge adds
 * (docs/devices.md): JSON types of known fields (as the CRD schemas), metadata (names, labels,
 * annotations), then the kind's rules: {@link ModelRules}, {@link DeviceRules} (which looks up
 * the device's model), {@link StatusRules}. Unknown fields are {@link FieldValidation}'s business.
 * Thread-safe when the lookup is.
 */
public final class ResourceValidator {

  private final DeviceRules deviceRules;

  /** @param models where devices' models are found (the store, or {@link ModelLookup#of}) */
  public ResourceValidator(ModelLookup models) {
    this.deviceRules = new DeviceRules(models);
  }

  /** Every error and warning of {@code resource}. */
  public Validation validate(Resource resource) {
    List<FieldError> errors = new ArrayList<>(SchemaWalk.of(resource).typeErrors());
    List<String> warnings = new ArrayList<>();
    MetadataRules.check(resource.metadata(), errors);
    if (resource instanceof DeviceModel model) {
      ModelRules.check(model, errors);
    } else if (resource instanceof Device device) {
      deviceRules.check(device, errors, warnings);
    } else {
      StatusRules.check(resource, errors, warnings);
    }
    return new Validation(errors, warnings);
  }
}
