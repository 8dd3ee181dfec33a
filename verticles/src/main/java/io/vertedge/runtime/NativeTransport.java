package io.vertedge.runtime;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.vertx.core.Vertx;

/**
 * Whether Vert.x can run on Netty's native epoll transport here, and what it runs on. Epoll is
 * used where its natives load (the jar has them for Linux x86_64 and aarch64) and a UDP socket
 * of it can be made: Netty 4.2.9's epoll UDP sockets set IPV6_MULTICAST_ALL when created and fail
 * where the kernel lacks it (before 4.20, and under qemu-user), which would take QUIC and DNS
 * down with them (netty/netty#16082, fixed after 4.2.9). Elsewhere Vert.x stays on NIO.
 */
final class NativeTransport {

  private static final String REFUSAL = probe();

  private NativeTransport() { }

  /** Whether Vert.x is to prefer the native transport. */
  static boolean usable() {
    return REFUSAL == null;
  }

  /** Which transport {@code vertx} runs on, and why not epoll when it is not. */
  static String describe(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      return "epoll (native)";
    }
    if (REFUSAL != null) {
      return "NIO (native epoll: " + REFUSAL + ")";
    }
    Throwable cause = vertx.unavailableNativeTransportCause();
    return cause == null ? "NIO" : "NIO (native epoll unavailable: " + cause + ")";
  }

  private static String probe() {
    if (!Epoll.isAvailable()) {
      return "unavailable: " + Epoll.unavailabilityCause();
    }
    try {
      new EpollDatagramChannel().unsafe().closeForcibly();
      return null;
    } catch (ChannelException e) {
      return "its UDP sockets cannot be made here (" + e.getMessage() + ")";
    }
  }
}
