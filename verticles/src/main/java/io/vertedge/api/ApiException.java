package io.vertedge.api;

import java.util.List;

/**
 * The one error model of Vertedge: an HTTP-like status, a Kubernetes reason and the causes
 * with their field paths. Each edge of the system translates it once (a Kubernetes
 * {@code Status} object in the REST APIs, a close reason on the link, ...).
 */
public final class ApiException extends RuntimeException {

  /** One cause of a failure, as in Kubernetes {@code StatusCause}. */
  public record Cause(String reason, String field, String message) { }

  /** What the failure concerns, as in Kubernetes {@code StatusDetails}. */
  public record Details(String name, String group, String kind, List<Cause> causes) {
    public static final Details NONE = new Details(null, null, null, List.of());
  }

  private final int code;
  private final String reason;
  private final Details details;

  public ApiException(int code, String reason, String message, Details details) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.details = details == null ? Details.NONE : details;
  }

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, Details.NONE);
  }

  public int code() { return code; }
  public String reason() { return reason; }
  public Details details() { return details; }

  public static ApiException badRequest(String message) { return new ApiException(400, "BadRequest", message); }
  public static ApiException unauthorized(String message) { return new ApiException(401, "Unauthorized", message); }
  public static ApiException forbidden(String message) { return new ApiException(403, "Forbidden", message); }
  public static ApiException notFound(String message) { return new ApiException(404, "NotFound", message); }
  public static ApiException alreadyExists(String message) { return new ApiException(409, "AlreadyExists", message); }
  public static ApiException conflict(String message) { return new ApiException(409, "Conflict", message); }
  public static ApiException tooLarge(String message) { return new ApiException(413, "RequestEntityTooLarge", message); }
  public static ApiException unsupportedMediaType(String message) { return new ApiException(415, "UnsupportedMediaType", message); }
  public static ApiException internal(String message) { return new ApiException(500, "InternalError", message); }
  public static ApiException unavailable(String message) { return new ApiException(503, "ServiceUnavailable", message); }
  public static ApiException timeout(String message) { return new ApiException(504, "Timeout", message); }
}
