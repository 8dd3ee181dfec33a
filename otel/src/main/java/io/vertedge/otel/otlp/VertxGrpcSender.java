package io.vertedge.otel.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OTLP/gRPC over a Vert.x HTTP/2 client. The SDK's only gRPC senders in 1.65.0 are OkHttp's
 * (which brings Kotlin) and grpc-java's ManagedChannel (which brings grpc-netty); a unary gRPC
 * call is one HTTP/2 POST with a 5-byte length prefix and a {@code grpc-status} trailer, which
 * Vert.x speaks already. Cleartext uses HTTP/2 with prior knowledge, TLS negotiates h2 by ALPN.
 * No compression. Retries follow the exporter's {@link RetryPolicy} with Vert.x timers, so no
 * thread sleeps between attempts.
 */
final class VertxGrpcSender implements GrpcSender {

  // gRPC's retryable codes for OTLP (specification: OTLP/gRPC "Failures")
  private static final Set<GrpcStatusCode> RETRYABLE = EnumSet.of(GrpcStatusCode.CANCELLED,
      GrpcStatusCode.DEADLINE_EXCEEDED, GrpcStatusCode.RESOURCE_EXHAUSTED, GrpcStatusCode.ABORTED,
      GrpcStatusCode.OUT_OF_RANGE, GrpcStatusCode.UNAVAILABLE, GrpcStatusCode.DATA_LOSS);

  private final Vertx vertx;
  private final GrpcSenderConfig config;
  private final HttpClient client;
  private final RequestOptions request;

  VertxGrpcSender(Vertx vertx, GrpcSenderConfig config) {
    this.vertx = vertx;
    this.config = config;
    URI endpoint = config.getEndpoint();
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        .setSsl(tls)
        .setUseAlpn(tls)
        .setConnectTimeout((int) config.getConnectTimeout().toMillis());
    if (tls) {
      options.setVerifyHost(true);
      if (config.getTrustManager() != null) {
        options.setTrustOptions(TrustOptions.wrap(config.getTrustManager()));
      }
    }
    this.client = vertx.createHttpClient(options);
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : tls ? 443 : 80;
    this.request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(endpoint.getHost())
        .setPort(port)
        .setURI("/" + config.getFullMethodName())
        .setIdleTimeout(config.getTimeout().toMillis())
        .putHeader("content-type", "application/grpc")
        .putHeader("te", "trailers")
        .putHeader("grpc-timeout", config.getTimeout().toMillis() + "m");
    if (config.getHeadersSupplier() != null) {
      config.getHeadersSupplier().get().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
    }
  }

  @Override
  public void send(MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    Buffer body;
    try {
      body = frame(writer);
    } catch (IOException e) {
      onError.accept(e);
      return;
    }
    RetryPolicy retry = config.getRetryPolicy();
    attempt(body, 1, retry == null ? 0 : retry.getInitialBackoff().toMillis(), onResponse, onError);
  }

  private void attempt(Buffer body, int attempt, long backoffMillis, Consumer<GrpcResponse> onResponse,
                       Consumer<Throwable> onError) {
    client.request(request)
        .compose(req -> req.send(body))
        .compose(response -> response.body().map(reply -> toResponse(response, reply)))
        .onComplete(ar -> {
          RetryPolicy retry = config.getRetryPolicy();
          boolean retryable = ar.succeeded() ? RETRYABLE.contains(ar.result().getStatusCode()) : retryable(retry, ar.cause());
          if (retryable && retry != null && attempt < retry.getMaxAttempts()) {
            // full jitter, as the SDK's own senders do
            long delay = 1 + (long) (Math.random() * backoffMillis);
            long next = Math.min((long) (backoffMillis * retry.getBackoffMultiplier()), retry.getMaxBackoff().toMillis());
            vertx.setTimer(delay, id -> attempt(body, attempt + 1, next, onResponse, onError));
          } else if (ar.succeeded()) {
            onResponse.accept(ar.result());
          } else {
            onError.accept(ar.cause());
          }
        });
  }

  /** Connection failures are retried when the policy's predicate says so (all I/O errors without one). */
  private static boolean retryable(RetryPolicy retry, Throwable failure) {
    if (retry == null || retry.getRetryExceptionPredicate() == null) {
      return true;
    }
    IOException io = failure instanceof IOException e ? e : new IOException(failure);
    return retry.getRetryExceptionPredicate().test(io);
  }

  private static Buffer frame(MessageWriter writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(writer.getContentLength() + 5);
    int length = writer.getContentLength();
    out.write(new byte[] {0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    writer.writeMessage(out);
    return Buffer.buffer(out.toByteArray());
  }

  private static GrpcResponse toResponse(HttpClientResponse response, Buffer reply) {
    // a trailers-only answer (typical for errors) carries grpc-status in the headers
    MultiMap trailers = response.trailers().contains("grpc-status") ? response.trailers() : response.headers();
    String status = trailers.get("grpc-status");
    GrpcStatusCode code;
    if (status != null) {
      code = GrpcStatusCode.fromValue(parseStatus(status));
    } else {
      // no gRPC status: an HTTP proxy or a non-gRPC server answered
      code = response.statusCode() == 503 || response.statusCode() == 429 ? GrpcStatusCode.UNAVAILABLE : GrpcStatusCode.UNKNOWN;
    }
    String message = trailers.get("grpc-message");
    String description = message != null ? URLDecoder.decode(message, StandardCharsets.UTF_8)
        : status == null ? "HTTP " + response.statusCode() + " without grpc-status" : "";
    byte[] payload = reply.length() > 5 ? reply.getBytes(5, reply.length()) : new byte[0];
    return new Response(code, description, payload);
  }

  private static int parseStatus(String status) {
    try {
      return Integer.parseInt(status.trim());
    } catch (NumberFormatException e) {
      return GrpcStatusCode.UNKNOWN.getValue();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode result = new CompletableResultCode();
    Future<Void> closed = client.close();
    closed.onComplete(ar -> result.succeed());
    return result;
  }

  private record Response(GrpcStatusCode getStatusCode, String getStatusDescription, byte[] getResponseMessage)
      implements GrpcResponse {
  }
}
