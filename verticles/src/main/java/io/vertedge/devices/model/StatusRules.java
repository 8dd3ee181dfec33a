package io.vertedge.devices.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code status.twins[]} in either layout: a unique, non-empty {@code propertyName}, and values of
 * at most 512 bytes. Reported values are not checked against the model: the device said them.
 */
final class StatusRules {

  private StatusRules() { }

  static void check(Resource resource, List<FieldError> errors, List<String> warnings) {
    FieldPath twins = FieldPath.of("status.twins");
    Set<String> names = new HashSet<>();
    List<Object> items = Tree.list(resource.get("status", "twins"));
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Map<?, ?> raw) {
        Map<String, Object> twin = Tree.object(raw);
        FieldPath path = twins.index(i);
        Rules.uniqueName(twin.get("propertyName"), path.child("propertyName"), names, errors);
        for (String value : List.of("reported", "observedDesired")) {
          Rules.valueLength(Tree.at(twin, value, "value"), path.child(value).child("value"), errors);
        }
      }
    }
    Rules.cycle(resource.get("status", "reportCycle"), FieldPath.of("status.reportCycle"), errors, warnings);
  }
}
