package io.vertedge.devices.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Device}: its model exists (in its namespace), each property is unique and one of the
 * model's, desired values fit ({@link DesiredValues}), cycles are not negative, MQTT push QoS is
 * 0, 1 or 2, methods are unique and name model properties, and {@code spec.nodeName} is a
 * DNS-1123 subdomain. Any {@code protocolName} is accepted.
 */
final class DeviceRules {

  private static final List<String> QOS = List.of("0", "1", "2");
  /** Vertedge's {@code pushMethod.http.payload} and {@code pushMethod.mqtt.payload}. */
  private static final List<String> PAYLOADS = List.of("kubeedge", "json");

  private final ModelLookup models;

  DeviceRules(ModelLookup models) {
    this.models = models;
  }

  void check(Device device, List<FieldError> errors, List<String> warnings) {
    Optional<DeviceModel> model = model(device, errors);
    String nodeName = device.nodeName();
    if (nodeName != null && !nodeName.isEmpty()) {
      NameRules.dns1123Subdomain(nodeName)
          .forEach(msg -> errors.add(FieldError.invalid(FieldPath.of("spec.nodeName"), nodeName, msg)));
    }
    properties(device, model, errors, warnings);
    methods(device, model, errors);
    Rules.cycle(device.get("spec", "stateReport", "reportCycle"), FieldPath.of("spec.stateReport.reportCycle"),
        errors, warnings);
    StatusRules.check(device, errors, warnings);
  }

  private Optional<DeviceModel> model(Device device, List<FieldError> errors) {
    FieldPath path = FieldPath.of("spec.deviceModelRef.name");
    Object raw = device.get("spec", "deviceModelRef", "name");
    if (raw == null || "".equals(raw)) {
      errors.add(FieldError.required(path, ""));
      return Optional.empty();
    }
    if (!(raw instanceof String name)) {
      return Optional.empty(); // the schema reports its type
    }
    String namespace = Objects.requireNonNullElse(device.namespace(), ModelLookup.DEFAULT_NAMESPACE);
    Optional<DeviceModel> model = models.find(namespace, name);
    if (model.isEmpty()) {
      errors.add(FieldError.notFound(path, name, "no DeviceModel " + GoText.quote(name)
          + " in namespace " + GoText.quote(namespace)));
    }
    return model;
  }

  private static void properties(Device device, Optional<DeviceModel> model, List<FieldError> errors,
      List<String> warnings) {
    Set<String> names = new HashSet<>();
    List<Object> items = Tree.list(device.get("spec", "properties"));
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> raw)) {
        continue;
      }
      FieldPath path = FieldPath.of("spec.properties").index(i);
      Map<String, Object> property = Tree.object(raw);
      Rules.uniqueName(property.get("name"), path.child("name"), names, errors);
      FieldPath valuePath = path.child("desired").child("value");
      Optional<ModelProperty> inModel = model.flatMap(m -> modelProperty(m, property.get("name"), path, errors));
      if (inModel.isPresent()) {
        String value = Tree.string(Tree.at(property, "desired", "value"));
        errors.addAll(DesiredValues.check(valuePath, value, inModel.get(), model.get().name()));
      } else {
        Rules.valueLength(Tree.at(property, "desired", "value"), valuePath, errors);
      }
      Rules.cycle(property.get("reportCycle"), path.child("reportCycle"), errors, warnings);
      Rules.cycle(property.get("collectCycle"), path.child("collectCycle"), errors, warnings);
      if (Tree.at(property, "pushMethod", "mqtt", "qos") instanceof Long qos && (qos < 0 || qos > 2)) {
        errors.add(FieldError.notSupported(path.child("pushMethod").child("mqtt").child("qos"), qos, QOS));
      }
      for (String method : List.of("http", "mqtt")) {
        if (Tree.at(property, "pushMethod", method, "payload") instanceof String payload && !PAYLOADS.contains(payload)) {
          errors.add(FieldError.notSupported(path.child("pushMethod").child(method).child("payload"), payload, PAYLOADS));
        }
      }
    }
  }

  private static Optional<ModelProperty> modelProperty(DeviceModel model, Object name, FieldPath path,
      List<FieldError> errors) {
    if (!(name instanceof String n) || n.isEmpty()) {
      return Optional.empty();
    }
    Optional<ModelProperty> found = model.property(n);
    if (found.isEmpty()) {
      errors.add(FieldError.notFound(path.child("name"), n, notInModel(model)));
    }
    return found;
  }

  private static void methods(Device device, Optional<DeviceModel> model, List<FieldError> errors) {
    Set<String> names = new HashSet<>();
    List<Object> items = Tree.list(device.get("spec", "methods"));
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> raw)) {
        continue;
      }
      FieldPath path = FieldPath.of("spec.methods").index(i);
      Rules.uniqueName(raw.get("name"), path.child("name"), names, errors);
      if (model.isEmpty()) {
        continue;
      }
      List<Object> propertyNames = Tree.list(raw.get("propertyNames"));
      for (int j = 0; j < propertyNames.size(); j++) {
        if (propertyNames.get(j) instanceof String p && model.get().property(p).isEmpty()) {
          errors.add(FieldError.notFound(path.child("propertyNames").index(j), p, notInModel(model.get())));
        }
      }
    }
  }

  private static String notInModel(DeviceModel model) {
    return "not a property of DeviceModel " + GoText.quote(model.name());
  }
}
