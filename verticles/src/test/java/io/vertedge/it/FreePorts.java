package io.vertedge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;

/**
 * Fixed free ports, for a cloud that must come back where its edges expect it after a restart
 * (port 0 would give the restarted cloud new ports). All are held at once, so they differ.
 */
final class FreePorts {

  private FreePorts() {
  }

  static Launcher.CloudPorts forCloud() {
    try (ServerSocket api = new ServerSocket(0);
         ServerSocket join = new ServerSocket(0);
         ServerSocket websocket = new ServerSocket(0);
         DatagramSocket quic = new DatagramSocket(0)) {
      return new Launcher.CloudPorts(api.getLocalPort(), join.getLocalPort(), websocket.getLocalPort(),
          quic.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
