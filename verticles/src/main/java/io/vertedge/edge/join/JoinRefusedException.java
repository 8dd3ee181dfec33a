package io.vertedge.edge.join;

/**
 * The cloud (or the token) refused this edge for good: a bad or expired token, a CA that does not
 * match the token's pin, a name that has already joined, a revoked certificate. Retrying cannot
 * help; the CLI prints {@link #getMessage()} (the cloud's own Status message) and exits 1.
 */
public final class JoinRefusedException extends RuntimeException {

  private final int status;

  /** @param status the HTTP status the cloud answered, or 0 when the edge refused by itself */
  public JoinRefusedException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
