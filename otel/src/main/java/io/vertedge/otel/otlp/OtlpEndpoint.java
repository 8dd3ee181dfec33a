package io.vertedge.otel.otlp;

import io.vertedge.mappers.driver.InvalidFieldException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code pushMethod.otel.endpointURL}, read the way users write it for their backend: a URL
 * with a path is an OTLP/HTTP (protobuf) endpoint taken as is (Collector {@code /v1/metrics},
 * Prometheus {@code /api/v1/otlp/v1/metrics}, GreptimeDB {@code /v1/otlp/v1/metrics}); a URL
 * without a path is an OTLP/gRPC server ({@code http://host:4317}); {@code https} means TLS.
 *
 * @param url      the URL the exporter is given (for gRPC without a trailing slash)
 * @param protocol how it is spoken
 * @param tls      whether the scheme is {@code https}
 */
public record OtlpEndpoint(String url, Protocol protocol, boolean tls) {

  /** The two OTLP transports. */
  public enum Protocol { HTTP_PROTOBUF, GRPC }

  /** Parses the URL; anything a user could have mistyped throws naming {@code field}. */
  public static OtlpEndpoint parse(String field, String endpointUrl) {
    if (endpointUrl == null || endpointUrl.isBlank()) {
      throw new InvalidFieldException(field, "is required (e.g. http://collector:4318/v1/metrics or http://collector:4317)");
    }
    URI uri;
    try {
      uri = new URI(endpointUrl.trim());
    } catch (URISyntaxException e) {
      throw new InvalidFieldException(field, "'" + endpointUrl + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidFieldException(field, "'" + endpointUrl + "' must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new InvalidFieldException(field, "'" + endpointUrl + "' names no host");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidFieldException(field, "'" + endpointUrl + "' must not carry credentials");
    }
    boolean tls = scheme.equals("https");
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.isEmpty() || path.equals("/")) {
      if (uri.getRawQuery() != null) {
        throw new InvalidFieldException(field, "'" + endpointUrl + "' is an OTLP/gRPC endpoint (no path): a query makes no sense there");
      }
      String authority = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
      int port = uri.getPort() == -1 ? 4317 : uri.getPort();
      return new OtlpEndpoint(scheme + "://" + authority + ":" + port, Protocol.GRPC, tls);
    }
    return new OtlpEndpoint(uri.toString(), Protocol.HTTP_PROTOBUF, tls);
  }

  @Override
  public String toString() {
    return (protocol == Protocol.GRPC ? "OTLP/gRPC " : "OTLP/HTTP ") + url;
  }
}
