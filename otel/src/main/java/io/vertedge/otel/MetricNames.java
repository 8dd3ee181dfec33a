package io.vertedge.otel;

/**
 * OpenTelemetry instrument names and units of the metrics that API.md section 6 fixes, chosen
 * so that {@link Telemetry#scrape()} prints exactly the documented Prometheus names.
 *
 * <p>The rule (opentelemetry-exporter-prometheus 1.65, underscore escaping with suffixes):
 * <ol>
 *   <li>every character outside {@code [a-zA-Z0-9_:]} becomes {@code _} (so dots do);</li>
 *   <li>the unit is translated ({@code By}&rarr;{@code bytes}, {@code s}&rarr;{@code seconds},
 *       {@code ms}&rarr;{@code milliseconds}, ...) and appended as {@code _<unit>} unless the
 *       name already ends with it; annotations in braces ({@code {message}}) count as no unit;</li>
 *   <li>a monotonic counter gets {@code _total}; an up-down counter or gauge gets nothing;</li>
 *   <li>attribute keys are escaped like names and become labels.</li>
 * </ol>
 * So: never put {@code total} or the unit word into a counter's name twice, and use a
 * braces annotation when a count has no unit.
 */
public final class MetricNames {

  /** Up-down counter, attribute {@code transport} &rarr; {@code vertedge_links_connected{transport}}. */
  public static final String LINKS_CONNECTED = "vertedge.links.connected";
  /** Unit of {@link #LINKS_CONNECTED}. */
  public static final String LINKS_CONNECTED_UNIT = "{link}";

  /** Counter, attributes {@code direction}, {@code channel} &rarr; {@code vertedge_link_messages_total}. */
  public static final String LINK_MESSAGES = "vertedge.link.messages";
  /** Unit of {@link #LINK_MESSAGES}. */
  public static final String LINK_MESSAGES_UNIT = "{message}";

  /** Counter, attribute {@code direction} &rarr; {@code vertedge_link_bytes_total}. */
  public static final String LINK_BYTES = "vertedge.link.bytes";
  /** Unit of {@link #LINK_BYTES}: with {@code By} the name already ends in {@code bytes}. */
  public static final String LINK_BYTES_UNIT = "By";

  private MetricNames() { }
}
