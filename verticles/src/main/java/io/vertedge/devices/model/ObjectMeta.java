package io.vertedge.devices.model;

import java.util.Map;

/**
 * The members of {@code metadata} the hub uses (Kubernetes {@code ObjectMeta}); the rest
 * ({@code ownerReferences}, {@code finalizers}, {@code managedFields}, ...) stays in the document.
 * Absent members are {@code null}; labels and annotations are empty maps when absent.
 */
public record ObjectMeta(String name, String generateName, String namespace, String uid,
    String resourceVersion, Long generation, String creationTimestamp,
    Map<String, String> labels, Map<String, String> annotations) {

  static ObjectMeta of(Object metadata) {
    Map<String, Object> m = Tree.object(metadata);
    return new ObjectMeta(Tree.string(m.get("name")), Tree.string(m.get("generateName")),
        Tree.string(m.get("namespace")), Tree.string(m.get("uid")),
        Tree.string(m.get("resourceVersion")), Tree.integer(m.get("generation")),
        Tree.string(m.get("creationTimestamp")), Tree.strings(m.get("labels")),
        Tree.strings(m.get("annotations")));
  }
}
