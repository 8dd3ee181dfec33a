package io.vertedge.cli.ctl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl get devices|devicemodels|devicestatuses|nodes [NAME]}: a table as kubectl prints
 * one, or the server's objects as YAML or JSON. With {@code --edge}, what the edge holds.
 */
@Command(name = "get", description = "List devices, device models, device statuses or nodes, or show one.")
final class GetCommand extends CtlCall {

  @Parameters(index = "0", paramLabel = "TYPE", converter = ResourceType.Converter.class,
      completionCandidates = ResourceType.Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
  ResourceType type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Show this object only.")
  String name;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
      description = "Namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "List across every namespace.")
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = Output.Converter.class,
      description = "yaml, json or wide (default: a table).")
  Output output = Output.TABLE;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. room=lab-2,tier!=test.")
  String labelSelector;

  @Option(names = "--field-selector", paramLabel = "SELECTOR", description = "Field selector, e.g. spec.nodeName=edge-1.")
  String fieldSelector;

  @Override
  int run() {
    if (allNamespaces && name != null) {
      throw CtlException.usage("get: a resource cannot be retrieved by name across all namespaces (drop -A)");
    }
    ApiClient api = client();
    return type == ResourceType.NODES ? nodes(api) : devices(api);
  }

  private int devices(ApiClient api) {
    if (api.side() == ApiClient.Side.EDGE && type == ResourceType.DEVICESTATUSES) {
      throw CtlException.usage("get devicestatuses: the edge API serves devices and devicemodels (and nodes: itself); "
          + "ask the cloud");
    }
    String ns = allNamespaces ? null : namespace;
    JsonObject answer = api.expectOk(api.get(name != null ? type.object(ns, name) : type.collection(ns) + query()))
        .json();
    if (!output.isTable()) {
      out().println(output.render(answer));
      return 0;
    }
    List<JsonObject> items = name != null ? List.of(answer) : objects(answer.getJsonArray("items"));
    if (items.isEmpty()) {
      err().println(allNamespaces ? "No resources found" : "No resources found in " + namespace + " namespace.");
      return 0;
    }
    Table table = DeviceRows.table(type, output == Output.WIDE, allNamespaces);
    Instant now = Instant.now();
    items.forEach(item -> table.row(DeviceRows.row(type, item, output == Output.WIDE, allNamespaces, now)));
    table.print(out());
    return 0;
  }

  private String query() {
    List<String> params = new ArrayList<>();
    if (labelSelector != null) {
      params.add("labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
    }
    if (fieldSelector != null) {
      params.add("fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8));
    }
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  private int nodes(ApiClient api) {
    if (labelSelector != null || fieldSelector != null) {
      throw CtlException.usage("get nodes: nodes take no selectors (-l, --field-selector)");
    }
    boolean edge = api.side() == ApiClient.Side.EDGE;
    JsonObject answer = api.expectOk(api.get(edge ? "/api/v1/node" : name != null ? "/api/v1/nodes/" + name
        : "/api/v1/nodes")).json();
    if (edge && name != null && !name.equals(answer.getString("name"))) {
      throw CtlException.failed("node \"" + name + "\" not found: this edge is \"" + answer.getString("name") + "\"");
    }
    if (!output.isTable()) {
      out().println(output.render(answer));
      return 0;
    }
    boolean wide = output == Output.WIDE;
    Table table;
    if (edge) {
      table = new Table(List.of("NAME", "CONNECTED", "TRANSPORT", "CLOUD", "OUTBOX"));
      table.row(List.of(answer.getString("name"), String.valueOf(answer.getBoolean("connected")),
          text(answer.getValue("transport")), text(answer.getValue("cloud")), text(answer.getValue("outboxDepth"))));
    } else {
      table = new Table(Table.columns(wide, List.of("NAME", "CONNECTED", "TRANSPORT", "SINCE", "VERSION"),
          "REMOTE-ADDRESS", "LAST-HEARTBEAT", "MESSAGES-IN", "MESSAGES-OUT"));
      Instant now = Instant.now();
      for (JsonObject node : name != null ? List.of(answer) : objects(answer.getJsonArray("items"))) {
        table.row(Table.columns(wide, List.of(node.getString("name"), String.valueOf(node.getBoolean("connected")),
                text(node.getValue("transport")), Table.age(node.getString("connectedSince"), now),
                text(node.getValue("version"))),
            text(node.getValue("remoteAddress")), Table.age(node.getString("lastHeartbeat"), now),
            text(node.getValue("messagesIn")), text(node.getValue("messagesOut"))));
      }
    }
    if (table.isEmpty()) {
      err().println("No resources found");
      return 0;
    }
    table.print(out());
    return 0;
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        objects.add(array.getJsonObject(i));
      }
    }
    return objects;
  }

  static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
