package io.vertedge.cloud.join;

import io.vertedge.cloud.nodes.FileNodeRegistry;
import io.vertedge.pki.CertificateAuthority;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A cloud's join side for tests: CA and registry under a temporary data directory, the join
 * server on 127.0.0.1, link ports 40001/40002 as the endpoints answer.
 */
public record JoinCloudFixture(Vertx vertx, Path dataDir, CertificateAuthority ca, FileNodeRegistry nodes,
                               JoinServer server, String deploymentId) {

  public static final LinkPorts LINK = new LinkPorts(40001, 40002);

  public static JoinCloudFixture start(Vertx vertx, Path dataDir, Duration nodeValidity, int port, String advertiseHost) {
    CertificateAuthority ca = CertificateAuthority.open(vertx, dataDir, List.of("cloud.example")).await();
    FileNodeRegistry nodes = FileNodeRegistry.open(vertx, dataDir).await();
    JoinServer server = new JoinServer(new JoinServer.Collaborators(ca, nodes, "127.0.0.1", port, nodeValidity,
        advertiseHost, () -> LINK));
    String id = vertx.deployVerticle(server, new DeploymentOptions()).await();
    return new JoinCloudFixture(vertx, dataDir, ca, nodes, server, id);
  }

  public static JoinCloudFixture start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, CertificateAuthority.DEFAULT_NODE_VALIDITY, 0, null);
  }

  /** Closes Vert.x and waits, so that a test leaves no threads behind. */
  public static void closeVertx(Vertx vertx) {
    vertx.close().await();
  }

  /** A port free right now (bound and released), for a server that must start later on a known port. */

  public int port() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return vertx.undeploy(deploymentId);
  }
}
