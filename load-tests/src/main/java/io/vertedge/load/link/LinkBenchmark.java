package io.vertedge.load.link;

import io.vertedge.link.LinkTls;
import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.NodeIdentity;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One link, 1 KiB messages edge to cloud: our link over WebSocket and over QUIC next to a raw
 * Vert.x TLS WebSocket with the same engine and certificates, alternating runs in one JVM, medians printed with the
 * conditions. Edge and cloud each run on their own event loop, as in the product.
 * Usage: {@code LinkBenchmark [messages] [size] [rounds]}.
 */
public final class LinkBenchmark {

  private LinkBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int ackEvery = 1000;
    int window = 64_000;

    Path dir = Files.createTempDirectory("vertedge-bench");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("cloud"), List.of());
    NodeIdentity node = new NodeIdentity(dir.resolve("edge"), "bench-edge");
    NodeIdentity.KeyAndCsr keyAndCsr = node.newKeyAndCsr();
    node.store(ca.certificateDer(), keyAndCsr.key(),
        ca.signNodeCsr(keyAndCsr.csrDer(), "bench-edge", Duration.ofDays(1)).getEncoded());
    LinkTls serverTls = new LinkTls(ca.caCert(), ca.serverCert(), ca.serverKey());
    LinkTls nodeTls = new LinkTls(node.caCert(), node.nodeCert(), node.nodeKey());

    Vertx vertx = Vertx.vertx();
    RawWebSocketBaseline raw = new RawWebSocketBaseline(vertx, serverTls, nodeTls);
    LinkThroughput websocket = new LinkThroughput("websocket", vertx, serverTls, nodeTls, "bench-edge");
    LinkThroughput quic = new LinkThroughput("quic", vertx, serverTls, nodeTls, "bench-edge");
    // warm-up: JIT and TLS sessions, not measured
    raw.run(Math.min(messages, 200_000), size, ackEvery, window).await();
    websocket.run(Math.min(messages, 200_000), size, ackEvery, window).await();
    quic.run(Math.min(messages, 200_000), size, ackEvery, window).await();

    System.out.printf(Locale.ROOT, "link throughput, %d x %d B edge->cloud, ack every %d, window %d, TLS engine %s, %d cores, %s%n",
        messages, size, ackEvery, window, LinkTls.engine().getClass().getSimpleName(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    System.out.printf(Locale.ROOT, "%-30s %12s %10s   runs%n", "", "messages/s", "MB/s");
    List<Double> rawRates = new ArrayList<>();
    List<Double> websocketRates = new ArrayList<>();
    List<Double> quicRates = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      rawRates.add(rate(messages, raw.run(messages, size, ackEvery, window).await()));
      websocketRates.add(rate(messages, websocket.run(messages, size, ackEvery, window).await()));
      quicRates.add(rate(messages, quic.run(messages, size, ackEvery, window).await()));
    }
    print("raw Vert.x TLS WebSocket", median(rawRates), size, rawRates);
    print("Vertedge link (websocket)", median(websocketRates), size, websocketRates);
    print("Vertedge link (quic)", median(quicRates), size, quicRates);
    System.out.printf(Locale.ROOT, "websocket link / raw = %.0f %%, quic link / raw = %.0f %%%n",
        100 * median(websocketRates) / median(rawRates), 100 * median(quicRates) / median(rawRates));
    vertx.close().await();
  }

  private static void print(String name, double rate, int size, List<Double> runs) {
    System.out.printf(Locale.ROOT, "%-30s %12.0f %10.1f   %s%n", name, rate, rate * size / 1e6,
        runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
  }

  private static double rate(int messages, long nanos) {
    return messages / (nanos / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
