package io.vertedge.link.codec;

/** Input on the link that cannot be a frame: too large, truncated or not an envelope. */
public final class FrameException extends RuntimeException {

  /** Why a frame was refused; also the {@code reason} label of the refusal metric. */
  public enum Kind { OVERSIZE, CORRUPT, TRUNCATED }

  private final Kind kind;

  public FrameException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
