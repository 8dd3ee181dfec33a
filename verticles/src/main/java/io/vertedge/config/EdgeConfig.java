package io.vertedge.config;

import io.vertedge.otel.TraceSettings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@code vertedge edge} needs, loaded by {@link ConfigLoader#loadEdge}.
 *
 * @param dataDir    the edge's data directory (API.md §3)
 * @param nodeName   this node's name (DNS-1123 style)
 * @param cloud      the cloud's join address, {@code HOST[:PORT]}, default port {@value #DEFAULT_CLOUD_PORT}
 * @param transport  which link transport to use
 * @param api        the edge REST API listener
 * @param mqtt       the MQTT broker
 * @param dmiSocket  the DMI gRPC Unix socket
 * @param serviceBus the ServiceBus listener
 * @param link       link keep-alive and frame limits
 * @param store      the bounds of the durable outbox
 * @param mappers    which protocols the edge runs itself, and DMI's optional TCP listener
 * @param traces     where spans go ({@code telemetry.traces.*})
 */
public record EdgeConfig(Path dataDir, String nodeName, String cloud, Transport transport, HostPort api,
                         Mqtt mqtt, Path dmiSocket, ServiceBus serviceBus, EdgeLink link, EdgeStore store,
                         EdgeMappers mappers, TraceSettings traces) {

  /** The join port when {@code cloud} names none. */
  public static final int DEFAULT_CLOUD_PORT = 10002;

  public EdgeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(dmiSocket, "dmiSocket");
    Objects.requireNonNull(serviceBus, "serviceBus");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(mappers, "mappers");
    Objects.requireNonNull(traces, "traces");
  }

  /** The cloud's join address as host and port. */
  public HostPort cloudAddress() {
    return HostPort.parse(cloud, DEFAULT_CLOUD_PORT);
  }

  /** The cloud's join host (an IPv6 literal without brackets). */
  public String cloudHost() {
    return cloudAddress().host();
  }

  /** The cloud's join port, {@value #DEFAULT_CLOUD_PORT} unless {@code cloud} names one. */
  public int cloudPort() {
    return cloudAddress().port();
  }

  /** A copy pointing at another cloud; the demo sets it once its cloud's join port is bound. */
  public EdgeConfig withCloud(String newCloud) {
    HostPort.parse(newCloud, DEFAULT_CLOUD_PORT); // fail here, not later in the link code
    return new EdgeConfig(dataDir, nodeName, newCloud, transport, api, mqtt, dmiSocket, serviceBus, link, store,
        mappers, traces);
  }
}
