package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.Payload;
import io.vertedge.mappers.push.PushConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * One property's {@code pushMethod.http}: {@code hostName} (with its scheme, as KubeEdge
 * concatenates it; a bare host is taken as {@code http://}), {@code port}, {@code requestPath},
 * {@code timeout} in milliseconds (0 or absent: {@link #DEFAULT_TIMEOUT}) and Vertedge's
 * {@code payload}.
 */
record HttpTargetConfig(String url, Duration timeout, Payload payload) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(HttpTargetConfig.class);

  static HttpTargetConfig of(String node, PushConfig config) {
    String hostName = config.requiredString("hostName");
    if (!hostName.contains("://")) {
      log.info("[node: {}] {}.hostName {} has no scheme: read as http://{} (KubeEdge would post to a URL without one and fail)",
          node, config.field(), hostName, hostName);
      hostName = "http://" + hostName;
    }
    long port = config.integer("port", -1, 1, 65535);
    if (port == -1) {
      throw config.invalid("port", "is required");
    }
    String path = config.string("requestPath", "");
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw config.invalid("requestPath", "must start with /, not " + path);
    }
    long timeout = config.integer("timeout", 0, 0, Integer.MAX_VALUE);
    String url = hostName + ":" + port + path; // KubeEdge's concatenation
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw config.invalid("hostName", "must be http://HOST or https://HOST, not " + hostName);
      }
    } catch (URISyntaxException e) {
      throw config.invalid("hostName", "does not make a URL with port and requestPath: " + e.getMessage());
    }
    return new HttpTargetConfig(url, timeout == 0 ? DEFAULT_TIMEOUT : Duration.ofMillis(timeout), config.payload());
  }
}
