package io.vertedge.devices.model;

/**
 * A field path written as Kubernetes writes it in errors and warnings:
 * {@code spec.properties[0].desired.value}.
 *
 * @param text the path; empty for the document itself
 */
public record FieldPath(String text) {

  private static final FieldPath ROOT = new FieldPath("");

  /** The document itself. */
  public static FieldPath root() { return ROOT; }

  /** A path written in Kubernetes form, e.g. {@code "spec.nodeName"}. */
  public static FieldPath of(String text) { return new FieldPath(text); }

  /** The member {@code name} of this object. */
  public FieldPath child(String name) {
    return new FieldPath(text.isEmpty() ? name : text + "." + name);
  }

  /** The item at {@code index} of this list. */
  public FieldPath index(int index) {
    return new FieldPath(text + "[" + index + "]");
  }

  /** Whether this is the document itself. */
  public boolean isRoot() { return text.isEmpty(); }

  @Override
  public String toString() { return text; }
}
