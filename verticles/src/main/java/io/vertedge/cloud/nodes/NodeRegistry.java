package io.vertedge.cloud.nodes;

import io.vertx.core.Future;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Durable record of joined nodes and revoked certificate serials. Reads used on the link
 * handshake are in memory; writes are made durable off the event loop.
 */
public interface NodeRegistry {

  Optional<JoinedNode> find(String name);

  List<JoinedNode> all();

  /** Records the certificate just issued to a node (first join or renewal). */
  Future<Void> recordIssued(JoinedNode node);

  /** Forgets the node and revokes its current serial; completes with false if it was unknown. */
  Future<Boolean> delete(String name);

  boolean isRevoked(BigInteger serial);
}
