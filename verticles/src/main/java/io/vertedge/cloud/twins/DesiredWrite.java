package io.vertedge.cloud.twins;

import io.vertedge.api.ApiException;
import io.vertedge.cloud.devices.Mutation;
import io.vertedge.cloud.devices.ResourceErrors;
import io.vertedge.devices.model.DesiredValues;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.FieldError;
import io.vertedge.devices.model.FieldPath;
import io.vertedge.devices.model.ModelLookup;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.devices.model.ResourceValidator;
import io.vertedge.devices.model.Validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets one property's desired value ({@code spec.properties[i].desired.value}) as a registry
 * {@link Mutation}: decided against the device and its model as they stand, in the same step
 * as the write, so no concurrent write can slip between the check and the set (there is nothing
 * to retry). The value is checked by {@link DesiredValues}, the rule a device write applies;
 * {@code desired.metadata} is kept. Setting the value it already has writes nothing.
 */
final class DesiredWrite {

  private DesiredWrite() { }

  static Mutation of(String deviceName, String property, String value) {
    return (current, models) -> {
      if (!(current instanceof Device device)) {
        throw ResourceErrors.notFound(ResourceKind.DEVICE, deviceName);
      }
      int index = indexOf(device, property);
      if (index < 0) {
        throw new ApiException(404, "NotFound", "property \"" + property + "\" not found in "
            + ResourceKind.DEVICE.plural() + "." + ResourceKind.GROUP + " \"" + deviceName + "\"",
            new ApiException.Details(deviceName, ResourceKind.GROUP, ResourceKind.DEVICE.plural(), List.of()));
      }
      Device next = withDesired(device, index, value);
      check(next, index, property, value, models);
      if (value.equals(device.properties().get(index).desired().value())) {
        return new Mutation.Outcome(device, List.of());
      }
      long generation = Objects.requireNonNullElse(device.metadata().generation(), 1L) + 1;
      return new Mutation.Outcome(next.with(List.of("metadata", "generation"), generation), List.of());
    };
  }

  private static void check(Device next, int index, String property, String value, ModelLookup models) {
    String namespace = Objects.requireNonNullElse(next.namespace(), ModelLookup.DEFAULT_NAMESPACE);
    Optional<DeviceModel> model = Optional.ofNullable(next.modelName()).flatMap(name -> models.find(namespace, name));
    Optional<ModelProperty> modelProperty = model.flatMap(m -> m.property(property));
    if (modelProperty.isEmpty()) {
      // the model or its property is gone since the device was written: the device write's own words say so
      new ResourceValidator(models).validate(next).throwIfInvalid(next);
      return;
    }
    FieldPath field = FieldPath.of("spec.properties[" + index + "].desired.value");
    List<FieldError> errors = DesiredValues.check(field, value, modelProperty.get(), model.get().name());
    new Validation(errors, List.of()).throwIfInvalid(next);
  }

  private static int indexOf(Device device, String property) {
    List<?> properties = device.get("spec", "properties") instanceof List<?> list ? list : List.of();
    for (int i = 0; i < properties.size(); i++) {
      if (properties.get(i) instanceof Map<?, ?> item && property.equals(item.get("name"))) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private static Device withDesired(Device device, int index, String value) {
    List<Object> properties = new ArrayList<>((List<Object>) device.get("spec", "properties"));
    Map<String, Object> property = new LinkedHashMap<>((Map<String, Object>) properties.get(index));
    Map<String, Object> desired = property.get("desired") instanceof Map<?, ?> given
        ? new LinkedHashMap<>((Map<String, Object>) given) : new LinkedHashMap<>();
    desired.put("value", value);
    property.put("desired", desired);
    properties.set(index, property);
    return device.with(List.of("spec", "properties"), properties);
  }
}
