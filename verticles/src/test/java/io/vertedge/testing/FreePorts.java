package io.vertedge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for tests that must know a port before they bind it, or bind it again after a
 * restart (a cloud that comes back where its edges expect it, a Modbus server or a broker that
 * goes down and up; port 0 would give each start a new port).
 *
 * <p>They are drawn below the kernel's ephemeral range: a port from that range, free when
 * chosen, can be taken as the source port of any outgoing connection while the cloud is down
 * (CI saw a restarted cloud refused its join port that way). Below the range only an explicit
 * bind takes a port.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

  private FreePorts() {
  }

  /** A TCP port free on every address now. */
  public static int tcp() {
    return tcp(new HashSet<>());
  }

  /** TCP ports, then UDP ports, all free now and all different. */
  public static int[] distinct(int tcpPorts, int udpPorts) {
    Set<Integer> taken = new HashSet<>();
    int[] ports = new int[tcpPorts + udpPorts];
    for (int i = 0; i < ports.length; i++) {
      ports[i] = i < tcpPorts ? tcp(taken) : udp(taken);
    }
    return ports;
  }

  private static int tcp(Set<Integer> taken) {
    return pick(taken, port -> {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(port));
      }
    });
  }

  private static int udp(Set<Integer> taken) {
    return pick(taken, port -> new DatagramSocket(port).close());
  }

  private static int pick(Set<Integer> taken, Bindable check) {
    int high = ephemeralLow() - 1;
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, high + 1);
      if (taken.contains(port)) {
        continue;
      }
      try {
        check.bind(port);
        taken.add(port);
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between " + LOWEST + " and " + high));
  }

  private static int ephemeralLow() {
    try {
      // readAllLines, not readString: /proc reports a size of 0 and readString stops short
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), StandardCharsets.US_ASCII).get(0);
      int low = Integer.parseInt(range.trim().split("\\s+")[0]);
      return low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
    } catch (IOException | RuntimeException unknown) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  @FunctionalInterface
  private interface Bindable {
    void bind(int port) throws IOException;
  }
}
