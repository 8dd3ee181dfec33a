package io.vertedge.link;

/** The peer refused the link at the hello, with a reason meant for the operator's log. */
public final class LinkRefusedException extends RuntimeException {

  public LinkRefusedException(String reason) {
    super(reason, null, false, false);
  }
}
