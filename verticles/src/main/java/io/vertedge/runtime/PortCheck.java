package io.vertedge.runtime;

import io.vertedge.config.ConfigException;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks the configured TCP and UDP ports before anything is created, so that a port conflict is a
 * one-line configuration error with no side effect (API.md section 2). The bind itself is
 * checked again when the listener starts, for the race in between.
 */
final class PortCheck {

  private final String side;

  PortCheck(String side) {
    this.side = side;
  }

  /** Blocking: call on the main thread or a worker. Port 0 needs no check. */
  PortCheck free(String key, String host, int port, String hint) {
    if (port == 0) {
      return this;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException inUse) {
      throw new ConfigException(side + "." + key + ": " + port + " is in use" + hint + "; set " + key);
    }
    return this;
  }

  PortCheck free(String key, String host, int port) {
    return free(key, host, port, "");
  }

  /** The same for a UDP port (QUIC). */
  PortCheck freeUdp(String key, String host, int port) {
    if (port == 0) {
      return this;
    }
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException inUse) {
      throw new ConfigException(side + "." + key + ": " + port + " is in use (UDP); set " + key);
    }
    return this;
  }
}
