package io.vertedge.config;

import io.vertedge.otel.TraceSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code vertedge cloud} needs, loaded by {@link ConfigLoader#loadCloud}.
 *
 * @param dataDir  the cloud's data directory (API.md §3)
 * @param api      the REST API listener ({@code api.host}, {@code api.port})
 * @param join     the HTTPS join listener ({@code join.host}, {@code join.port})
 * @param link     the link listeners and keep-alive ({@code link.*})
 * @param tokenTtl lifetime of join tokens ({@code join.tokenTtl})
 * @param traces   where spans go ({@code telemetry.traces.*})
 */
public record CloudConfig(Path dataDir, HostPort api, HostPort join, CloudLink link, Duration tokenTtl,
                          TraceSettings traces) {
  public CloudConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    Objects.requireNonNull(traces, "traces");
  }
}
