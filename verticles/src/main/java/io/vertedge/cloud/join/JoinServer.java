package io.vertedge.cloud.join;

import io.vertedge.api.ApiErrors;
import io.vertedge.link.Failures;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.pki.CertificateAuthority;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cloud's join port (HTTPS, default 10002), as KubeEdge's: {@code GET /ca.crt},
 * {@code GET|POST /edge.crt} (join and renewal) and {@code GET /v1/endpoints}. TLS requests a
 * client certificate but does not require one, so first joins (token) and renewals (node
 * certificate) share the port. Errors are Kubernetes Status objects.
 */
public final class JoinServer extends VerticleBase {

  /** What the join server needs; {@code port} 0 binds any free port, {@code advertiseHost} may be null. */
  public record Collaborators(CertificateAuthority ca, NodeRegistry nodes, String host, int port,
                              Duration nodeCertValidity, String advertiseHost, Supplier<LinkPorts> endpoints) {
    public Collaborators {
      Objects.requireNonNull(ca, "ca");
      Objects.requireNonNull(nodes, "nodes");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(nodeCertValidity, "nodeCertValidity");
      Objects.requireNonNull(endpoints, "endpoints");
    }
  }

  public static final int DEFAULT_PORT = 10002;
  /** As KubeEdge: a CSR is far smaller, anything bigger is not one. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(JoinServer.class);

  private final Collaborators deps;
  private HttpServer server;

  public JoinServer(Collaborators deps) {
    this.deps = deps;
  }

  /** The port actually bound; only meaningful once started. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(serverOptions())
        .requestHandler(router())
        .invalidRequestHandler(JoinServer::invalidRequest)
        // TLS handshake failures (plain HTTP, random bytes) end here; Vert.x gives no address for them.
        .exceptionHandler(failure -> LOG.warn("[join port] refused a connection: {}", Failures.brief(failure)))
        .connectionHandler(connection -> connection.exceptionHandler(failure ->
            LOG.warn("[join port, remote: {}] connection failed: {}", connection.remoteAddress(), Failures.brief(failure))));
    return server.listen().onSuccess(bound ->
        LOG.info("[join port] listening on https://{}:{}", deps.host(), bound.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(deps.host())
        .setPort(deps.port())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUEST)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(deps.ca().serverCert().toString())
            .setKeyPath(deps.ca().serverKey().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(deps.ca().caCert().toString()));
    options.getSslOptions().setSslHandshakeTimeout(10).setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    return options;
  }

  private Router router() {
    Router router = Router.router(vertx);
    Buffer caDer = Buffer.buffer(deps.ca().certificateDer());
    router.get("/ca.crt").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/x-x509-ca-cert").end(caDer));
    EdgeCertificateHandler edgeCrt = new EdgeCertificateHandler(vertx, deps.ca(), deps.nodes(), deps.nodeCertValidity());
    router.route("/edge.crt").method(HttpMethod.GET).method(HttpMethod.POST)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(edgeCrt);
    router.get("/v1/endpoints")
        .handler(new EndpointsHandler(deps.ca(), deps.nodes(), deps.advertiseHost(), deps.endpoints()));
    return ApiErrors.install(router);
  }


  private static void invalidRequest(HttpServerRequest request) {
    LOG.warn("[join port, remote: {}] invalid HTTP request: {}", request.remoteAddress(),
        request.decoderResult().cause() == null ? "malformed" : request.decoderResult().cause().toString());
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }
}
