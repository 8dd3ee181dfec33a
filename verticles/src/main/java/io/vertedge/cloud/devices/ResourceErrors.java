package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.FieldError;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.devices.model.Validation;

import java.util.List;

/**
 * The registry's failures, in the Kubernetes apiserver's words (API.md section 5), so that
 * clients written for Kubernetes recognise them: {@code devices.devices.kubeedge.io "x" not found}.
 */
public final class ResourceErrors {

  private ResourceErrors() { }

  /** {@code devices.devices.kubeedge.io}: the resource and group, as Kubernetes' {@code GroupResource}. */
  static String groupResource(ResourceKind kind) {
    return kind.plural() + "." + ResourceKind.GROUP;
  }

  public static ApiException notFound(ResourceKind kind, String name) {
    return new ApiException(404, "NotFound", groupResource(kind) + " \"" + name + "\" not found", details(kind, name));
  }

  static ApiException alreadyExists(ResourceKind kind, String name) {
    return new ApiException(409, "AlreadyExists", groupResource(kind) + " \"" + name + "\" already exists",
        details(kind, name));
  }

  /** A write based on an older resourceVersion than the stored one. */
  static ApiException conflict(ResourceKind kind, String name) {
    return conflict(kind, name, "the object has been modified; please apply your changes to the latest version "
        + "and try again");
  }

  /** A delete whose preconditions do not hold. */
  static ApiException preconditionFailed(ResourceKind kind, String name, String what, String expected, String actual) {
    return conflict(kind, name, "Precondition failed: " + what + " in precondition: " + expected + ", " + what
        + " in object meta: " + actual);
  }

  private static ApiException conflict(ResourceKind kind, String name, String why) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + groupResource(kind) + " \"" + name
        + "\": " + why, details(kind, name));
  }

  static ApiException nameMismatch(String inBody, String inUrl) {
    return ApiException.badRequest("the name of the object (" + inBody + ") does not match the name on the URL ("
        + inUrl + ")");
  }

  static ApiException namespaceMismatch() {
    return ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the "
        + "request");
  }

  /** A replace without {@code metadata.resourceVersion}: custom resources allow no unconditional update. */
  static ApiException resourceVersionRequired(Resource resource) {
    return invalid(resource, new FieldError(FieldError.Type.INVALID, "metadata.resourceVersion", new GoLiteral("0x0"),
        "must be specified for an update"));
  }

  static ApiException immutable(Resource resource, String field, Object value) {
    return invalid(resource, new FieldError(FieldError.Type.INVALID, field, value, "field is immutable"));
  }

  private static ApiException invalid(Resource resource, FieldError error) {
    return new Validation(List.of(error), List.of()).toException(resource);
  }

  /** A watch from a version the history no longer holds: the client lists again. */
  static ApiException gone(long requested, long oldest) {
    return new ApiException(410, "Gone", "too old resource version: " + requested + " (" + oldest + ")");
  }

  private static ApiException.Details details(ResourceKind kind, String name) {
    return new ApiException.Details(name, ResourceKind.GROUP, kind.plural(), List.of());
  }

  /** A value Go prints without quotes, such as the {@code 0x0} of an unset resourceVersion. */
  private record GoLiteral(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
