package io.vertedge.mappers.driver;

/**
 * Bad input to a driver: a configData or visitors field, or a written value. Carries the field's
 * path (for example {@code properties[temperature].visitors.configData.register}) and what is
 * wrong with it, so that the caller can answer with a precise error.
 */
public final class InvalidFieldException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** Path of the offending field. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the path. */
  public String problem() {
    return problem;
  }
}
