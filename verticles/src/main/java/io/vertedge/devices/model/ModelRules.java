package io.vertedge.devices.model;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code DeviceModel}'s properties: a unique, non-empty name (KubeEdge's admission webhook
 * checks uniqueness too), a supported {@code type} and {@code accessMode} (both required, as
 * KubeEdge's types say), and for numeric types a {@code minimum}/{@code maximum} that parse as
 * that type, minimum not above maximum.
 */
final class ModelRules {

  private ModelRules() { }

  static void check(DeviceModel model, List<FieldError> errors) {
    FieldPath properties = FieldPath.of("spec.properties");
    Set<String> names = new HashSet<>();
    List<Object> items = Tree.list(model.get("spec", "properties"));
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Map<?, ?> raw) {
        property(Tree.object(raw), ModelProperty.of(raw), properties.index(i), names, errors);
      }
    }
  }

  private static void property(Map<String, Object> raw, ModelProperty p, FieldPath path,
      Set<String> names, List<FieldError> errors) {
    Rules.uniqueName(raw.get("name"), path.child("name"), names, errors);
    Optional<PropertyType> type = Rules.oneOf(raw.get("type"), path.child("type"),
        PropertyType.names(), errors).flatMap(PropertyType::of);
    Rules.oneOf(raw.get("accessMode"), path.child("accessMode"), AccessMode.texts(), errors);
    if (type.isEmpty() || !type.get().isNumeric()) {
      return; // minimum and maximum mean nothing for other types; kept as given
    }
    Optional<BigDecimal> min = bound(p.minimum(), type.get(), path.child("minimum"), errors);
    Optional<BigDecimal> max = bound(p.maximum(), type.get(), path.child("maximum"), errors);
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      errors.add(FieldError.invalid(path.child("maximum"), p.maximum(),
          "must be greater than or equal to minimum " + GoText.quote(p.minimum())));
    }
  }

  private static Optional<BigDecimal> bound(String text, PropertyType type, FieldPath path, List<FieldError> errors) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    boolean integer = type == PropertyType.INT;
    if (integer ? !DesiredValues.integer(text) : DesiredValues.decimal(text).isEmpty()) {
      String expected = integer ? "must be a 64-bit integer" : "must be a number";
      errors.add(FieldError.invalid(path, text, expected + ", as the property's type is " + type));
      return Optional.empty();
    }
    return DesiredValues.decimal(text);
  }
}
