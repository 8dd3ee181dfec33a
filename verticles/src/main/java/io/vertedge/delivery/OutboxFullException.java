package io.vertedge.delivery;

/**
 * The outbox reached its bound: the door must refuse the message (back-pressure), never accept
 * it and lose it. The message says what is full and since when nothing was acknowledged.
 */
public final class OutboxFullException extends RuntimeException {

  public OutboxFullException(String message) {
    super(message, null, false, false);
  }
}
