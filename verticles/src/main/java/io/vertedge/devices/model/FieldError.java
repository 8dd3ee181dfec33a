package io.vertedge.devices.model;

import io.vertedge.api.ApiException;
import java.util.List;

/**
 * One field-level problem, shaped like Kubernetes' {@code field.Error}: its
 * {@link #message()} is what the apiserver prints ({@code spec.nodeName: Invalid value: "X": ...})
 * and {@link #toCause()} is its {@code StatusCause} in a 422 {@code Status} (API.md section 5).
 *
 * @param type     what kind of problem (the cause's {@code reason})
 * @param field    where, e.g. {@code spec.properties[0].desired.value}
 * @param badValue the offending value, printed as Kubernetes prints it; ignored by types that omit it
 * @param detail   why, or empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** The Kubernetes {@code field.ErrorType}s, with the cause reason and the words each prints. */
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found", true),
    REQUIRED("FieldValueRequired", "Required value", false),
    DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
    INVALID("FieldValueInvalid", "Invalid value", true),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
    FORBIDDEN("FieldValueForbidden", "Forbidden", false),
    TOO_LONG("FieldValueTooLong", "Too long", false),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true);

    private final String reason;
    private final String words;
    private final boolean showsValue;

    Type(String reason, String words, boolean showsValue) {
      this.reason = reason;
      this.words = words;
      this.showsValue = showsValue;
    }

    /** The {@code reason} of the {@code StatusCause}, e.g. {@code FieldValueInvalid}. */
    public String reason() { return reason; }
  }

  public FieldError {
    detail = detail == null ? "" : detail;
  }

  static FieldError required(FieldPath field, String detail) {
    return new FieldError(Type.REQUIRED, field.text(), "", detail);
  }

  static FieldError invalid(FieldPath field, Object value, String detail) {
    return new FieldError(Type.INVALID, field.text(), value, detail);
  }

  static FieldError notFound(FieldPath field, Object value, String detail) {
    return new FieldError(Type.NOT_FOUND, field.text(), value, detail);
  }

  static FieldError duplicate(FieldPath field, Object value) {
    return new FieldError(Type.DUPLICATE, field.text(), value, "");
  }

  static FieldError forbidden(FieldPath field, String detail) {
    return new FieldError(Type.FORBIDDEN, field.text(), "", detail);
  }

  static FieldError tooLong(FieldPath field, int maxBytes) {
    return new FieldError(Type.TOO_LONG, field.text(), "", "may not be more than " + maxBytes + " bytes");
  }

  static FieldError notSupported(FieldPath field, Object value, List<String> supported) {
    String detail = supported.isEmpty() ? ""
        : "supported values: " + String.join(", ", supported.stream().map(GoText::quote).toList());
    return new FieldError(Type.NOT_SUPPORTED, field.text(), value, detail);
  }

  /** The schema's type check: {@code Invalid value: "integer": F in body must be of type string: "integer"}. */
  static FieldError typeInvalid(FieldPath field, String expectedType, String actualType) {
    return new FieldError(Type.TYPE_INVALID, field.text(), actualType,
        field.text() + " in body must be of type " + expectedType + ": " + GoText.quote(actualType));
  }

  /** The message without the field, as Kubernetes' {@code ErrorBody()}: {@code Invalid value: "x": why}. */
  public String body() {
    String body = type.showsValue ? type.words + ": " + GoText.value(badValue) : type.words;
    return detail.isEmpty() ? body : body + ": " + detail;
  }

  /** The whole message, as Kubernetes' {@code Error()}: {@code field: body}. */
  public String message() {
    return field + ": " + body();
  }

  /** This error as a cause of a {@code Status}. */
  public ApiException.Cause toCause() {
    return new ApiException.Cause(type.reason(), field, body());
  }

  @Override
  public String toString() { return message(); }
}
