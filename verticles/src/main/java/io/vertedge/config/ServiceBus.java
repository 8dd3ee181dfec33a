package io.vertedge.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The edge's ServiceBus: where its app → cloud listener binds, and what cloud callers may reach
 * of the apps on its loopback.
 *
 * @param listen       the local listener (apps → cloud)
 * @param allowedPorts the app ports cloud callers may reach (none: every call is refused, 403)
 * @param timeout      how long an app may take to answer before the edge answers 504
 * @param maxBodyBytes the largest response body passed back (larger: 502)
 */
public record ServiceBus(HostPort listen, Set<Integer> allowedPorts, Duration timeout, long maxBodyBytes) {
  public ServiceBus {
    Objects.requireNonNull(listen, "listen");
    allowedPorts = Set.copyOf(allowedPorts);
    Objects.requireNonNull(timeout, "timeout");
  }
}
