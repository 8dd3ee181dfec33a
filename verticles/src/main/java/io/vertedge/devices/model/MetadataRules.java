package io.vertedge.devices.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubernetes' {@code ValidateObjectMeta} for our kinds: the name is a DNS-1123 subdomain (as for
 * every custom resource), a namespace, when given, a DNS-1123 label, then generation, labels and
 * annotations. A missing namespace is not an error: the request's namespace applies.
 */
final class MetadataRules {

  static final int ANNOTATIONS_LIMIT_BYTES = 256 * 1024;

  private MetadataRules() { }

  static void check(ObjectMeta meta, List<FieldError> errors) {
    FieldPath path = FieldPath.of("metadata");
    if (meta.generateName() != null && !meta.generateName().isEmpty()) {
      for (String msg : NameRules.dns1123Subdomain(maskTrailingDash(meta.generateName()))) {
        errors.add(FieldError.invalid(path.child("generateName"), meta.generateName(), msg));
      }
    }
    if (meta.name() == null || meta.name().isEmpty()) {
      if (meta.generateName() == null || meta.generateName().isEmpty()) {
        errors.add(FieldError.required(path.child("name"), "name or generateName is required"));
      }
    } else {
      for (String msg : NameRules.dns1123Subdomain(meta.name())) {
        errors.add(FieldError.invalid(path.child("name"), meta.name(), msg));
      }
    }
    if (meta.namespace() != null && !meta.namespace().isEmpty()) {
      for (String msg : NameRules.dns1123Label(meta.namespace())) {
        errors.add(FieldError.invalid(path.child("namespace"), meta.namespace(), msg));
      }
    }
    if (meta.generation() != null && meta.generation() < 0) {
      errors.add(FieldError.invalid(path.child("generation"), meta.generation(), "must be greater than or equal to 0"));
    }
    labels(meta.labels(), path.child("labels"), errors);
    annotations(meta.annotations(), path.child("annotations"), errors);
  }

  private static void labels(Map<String, String> labels, FieldPath path, List<FieldError> errors) {
    labels.forEach((key, value) -> {
      NameRules.qualifiedName(key).forEach(msg -> errors.add(FieldError.invalid(path, key, msg)));
      NameRules.labelValue(value).forEach(msg -> errors.add(FieldError.invalid(path, value, msg)));
    });
  }

  private static void annotations(Map<String, String> annotations, FieldPath path, List<FieldError> errors) {
    long size = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      // the rule is a qualified name except that case does not matter
      NameRules.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))
          .forEach(msg -> errors.add(FieldError.invalid(path, e.getKey(), msg)));
      size += NameRules.bytes(e.getKey()) + NameRules.bytes(e.getValue());
    }
    if (size > ANNOTATIONS_LIMIT_BYTES) {
      errors.add(FieldError.tooLong(path, ANNOTATIONS_LIMIT_BYTES));
    }
  }

  // a generated name gets a suffix, so a trailing dash is fine there
  private static String maskTrailingDash(String name) {
    return name.length() > 1 && name.endsWith("-") ? name.substring(0, name.length() - 2) + "a" : name;
  }
}
