package io.vertedge.link;

import io.vertedge.link.proto.Hello;
import io.vertx.core.Future;

/**
 * The cloud's decision on a hello whose protocol version is acceptable: is this node allowed,
 * does the certificate match the name, is it revoked? Fails with {@link LinkRefusedException}.
 */
@FunctionalInterface
public interface HelloVerifier {

  Future<Void> verify(Hello hello, Connection connection);
}
