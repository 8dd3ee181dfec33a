package io.vertedge.mappers.push;

/**
 * A reading a push method discarded without sending it: its queue was full while the receiver
 * was away (the oldest reading goes), or its target was released or closed before it was sent.
 * Any other failure of {@link PushTarget#push} means it was sent and given up on.
 */
public final class PushDroppedException extends RuntimeException {

  public PushDroppedException(String message) {
    super(message, null, false, false); // expected in an outage: no stack trace to fill
  }
}
