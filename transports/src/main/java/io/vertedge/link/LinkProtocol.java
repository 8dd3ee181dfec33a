package io.vertedge.link;

/** Version and control vocabulary of the link protocol. */
public final class LinkProtocol {

  /** Bumped on any incompatible change; the cloud also accepts the previous one. */
  public static final int VERSION = 1;

  public static final String GROUP = "link";
  public static final String HELLO = "hello";
  public static final String WELCOME = "welcome";
  public static final String REFUSED = "refused";
  public static final String PING = "ping";
  public static final String PONG = "pong";
  public static final String CLOSE = "close";

  private LinkProtocol() {
  }

  /** True for the current and the previous protocol version. */
  public static boolean accepts(int version) {
    return version == VERSION || (version == VERSION - 1 && version >= 1);
  }

  /** The versions a cloud accepts, for the refusal: "1", later "2 and 1". */
  public static String accepted() {
    return VERSION > 1 ? VERSION + " and " + (VERSION - 1) : Integer.toString(VERSION);
  }
}
