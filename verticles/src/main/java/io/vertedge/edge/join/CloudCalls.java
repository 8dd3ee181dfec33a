package io.vertedge.edge.join;

import io.vertedge.pki.Pem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The edge's HTTPS calls to the cloud's join port. Each call gets its own client with exactly the
 * trust it needs (trust-all only for {@code /ca.crt}, whose hash is checked against the token),
 * held in {@link #open} until the call ends: an unreferenced Vert.x client may be closed by the GC.
 */
final class CloudCalls {

  /** The PEM material of one TLS client: the CA to trust and, for mutual TLS, the node's pair. */
  record Tls(String caPem, String certPem, String keyPem) { }

  private static final long TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final Set<WebClient> open = ConcurrentHashMap.newKeySet();

  CloudCalls(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
  }

  /** {@code GET /ca.crt} without verifying the server: the caller pins the answer's SHA-256. */
  Future<byte[]> fetchCaDer() {
    return call(() -> new WebClientOptions().setTrustAll(true), client -> client.get(port, host, "/ca.crt")
        .timeout(TIMEOUT_MS).send().map(response -> ok(response).getBytes()));
  }

  /** {@code POST /edge.crt} with the CSR; {@code jwt} null for a renewal with the node certificate. */
  Future<byte[]> requestCertificate(Tls tls, String nodeName, String jwt, byte[] csrDer) {
    return call(() -> options(tls), client -> {
      var request = client.post(port, host, "/edge.crt").timeout(TIMEOUT_MS)
          .putHeader("NodeName", nodeName).putHeader("Content-Type", "application/octet-stream");
      if (jwt != null) {
        request.putHeader("Authorization", "Bearer " + jwt);
      }
      return request.sendBuffer(Buffer.buffer(csrDer)).map(response -> ok(response).getBytes());
    });
  }

  Future<JsonObject> fetchEndpoints(Tls tls) {
    return call(() -> options(tls), client -> client.get(port, host, "/v1/endpoints").timeout(TIMEOUT_MS)
        .send().map(response -> new JsonObject(ok(response))));
  }

  void close() {
    open.forEach(WebClient::close);
    open.clear();
  }

  private static WebClientOptions options(Tls tls) {
    WebClientOptions options = new WebClientOptions()
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caPem())));
    if (tls.certPem() != null) {
      options.setKeyCertOptions(new PemKeyCertOptions()
          .setCertValue(Buffer.buffer(tls.certPem())).setKeyValue(Buffer.buffer(tls.keyPem())));
    }
    return options;
  }

  /**
   * Creates the client on a worker (WebClientOptions reads a jar resource when first loaded), uses
   * it for one call and closes it.
   */
  private <T> Future<T> call(Supplier<WebClientOptions> options, Function<WebClient, Future<T>> use) {
    return vertx.executeBlocking(() -> {
      // The CA is pinned by the token and only the cloud holds a ServerAuth certificate from it, while
      // edges reach the cloud by addresses (NAT, IPs) the server certificate cannot list in advance.
      WebClient client = WebClient.create(vertx, options.get().setSsl(true).setVerifyHost(false)
          .setConnectTimeout((int) TIMEOUT_MS));
      open.add(client);
      return client;
    }).compose(client -> use.apply(client).onComplete(ar -> {
      open.remove(client);
      client.close();
    }));
  }

  /** The body of a 200; a refusal for 4xx (with the cloud's Status message); retryable otherwise. */
  private static Buffer ok(HttpResponse<Buffer> response) {
    if (response.statusCode() == 200) {
      return response.body() == null ? Buffer.buffer() : response.body();
    }
    String message = statusMessage(response);
    if (response.statusCode() >= 400 && response.statusCode() < 500) {
      throw new JoinRefusedException(response.statusCode(), message);
    }
    throw new IllegalStateException("the cloud answered " + response.statusCode() + ": " + message);
  }

  private static String statusMessage(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return response.statusMessage();
    }
    try {
      String message = new JsonObject(body).getString("message");
      return message != null ? message : body.toString();
    } catch (RuntimeException notJson) {
      return body.toString();
    }
  }

  static String pem(byte[] der) {
    return Pem.encode("CERTIFICATE", der);
  }
}
