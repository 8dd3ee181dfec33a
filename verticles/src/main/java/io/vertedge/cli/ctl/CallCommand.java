package io.vertedge.cli.ctl;

import io.vertedge.config.Units;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl call DEVICE METHOD PROP=VALUE...}: one {@code POST .../devices/{name}/methods/{method}}
 * (API.md §5); the cloud carries it to the device's node and answers with what was written.
 */
@Command(name = "call", description = "Call a device method: write PROP=VALUE... on the device, through its node.")
final class CallCommand extends CtlCall {

  /** Beyond the wait for the node: the cloud's own wait for the edge's answer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(60);

  @Parameters(index = "0", paramLabel = "DEVICE", description = "The device.")
  String device;

  @Parameters(index = "1", paramLabel = "METHOD", description = "One of the device's spec.methods.")
  String method;

  @Parameters(index = "2..*", arity = "1..*", paramLabel = "PROP=VALUE", description = "Property and value to write.")
  List<String> assignments = new ArrayList<>();

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
      description = "Namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Wait up to this long (at most 5m) for the node to connect; without it a node away is an error at once.")
  String timeout;

  @Override
  int run() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw CtlException.usage("call: \"" + assignment + "\" is not PROP=VALUE (e.g. setpoint=21)");
      }
      values.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }
    Duration wait = Duration.ZERO;
    if (timeout != null) {
      try {
        wait = Units.parseDuration(timeout);
      } catch (IllegalArgumentException e) {
        throw CtlException.usage("call: --timeout: " + e.getMessage());
      }
    }
    ApiClient api = writingClient();
    String path = "/api/v1/namespaces/" + segment(namespace) + "/devices/" + segment(device) + "/methods/"
        + segment(method) + (timeout == null ? "" : "?timeout=" + segment(timeout));
    JsonObject result = api.expectOk(api.send("POST", path, new JsonObject(new LinkedHashMap<>(values)).encode(),
        wait.plus(ANSWER_MARGIN))).json();
    JsonObject written = result.getJsonObject("written", new JsonObject());
    List<String> pairs = written.stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
    out().println("device " + result.getString("device", namespace + "/" + device) + " method " + method
        + " wrote " + String.join(" ", pairs));
    return 0;
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
