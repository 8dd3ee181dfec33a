package io.vertedge.cli.ctl;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ctl twin get|set}: a device's twins through the twin routes of API.md §5
 * ({@code /api/v1/namespaces/{ns}/devices/{name}/twins}).
 */
@Command(name = "twin", description = "Show a device's twins, or set desired values.",
    subcommands = {TwinCommand.Get.class, TwinCommand.Set.class})
final class TwinCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CtlException.USAGE;
  }

  static String twins(String namespace, String device) {
    return "/api/v1/namespaces/" + segment(namespace) + "/devices/" + segment(device) + "/twins";
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ctl twin get DEVICE}: PROPERTY, DESIRED, REPORTED, AGE (of the report); wide adds versions and times. */
  @Command(name = "get", description = "Show a device's desired and reported values (also with --edge).")
  static final class Get extends CtlCall {

    @Parameters(index = "0", paramLabel = "DEVICE", description = "The device.")
    String device;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
        description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = Output.Converter.class,
        description = "yaml, json or wide (default: a table).")
    Output output = Output.TABLE;

    @Override
    int run() {
      ApiClient api = client();
      JsonObject answer = api.expectOk(api.get(twins(namespace, device))).json();
      if (!output.isTable()) {
        out().println(output.render(answer));
        return 0;
      }
      List<JsonObject> items = GetCommand.objects(answer.getJsonArray("items"));
      if (items.isEmpty()) {
        err().println("No twins: device " + namespace + "/" + device + " has no properties.");
        return 0;
      }
      boolean wide = output == Output.WIDE;
      Table table = new Table(Table.columns(wide, List.of("PROPERTY", "DESIRED", "REPORTED", "AGE"),
          "DESIRED-VERSION", "REPORTED-AT"));
      Instant now = Instant.now();
      for (JsonObject twin : items) {
        JsonObject desired = object(twin, "desired");
        JsonObject reported = object(twin, "reported");
        table.row(Table.columns(wide, List.of(twin.getString("property"), GetCommand.text(desired.getValue("value")),
                GetCommand.text(reported.getValue("value")), Table.age(reported.getString("timestamp"), now)),
            GetCommand.text(desired.getValue("version")), GetCommand.text(reported.getValue("timestamp"))));
      }
      table.print(out());
      return 0;
    }

    private static JsonObject object(JsonObject twin, String member) {
      return twin.getValue(member) instanceof JsonObject found ? found : new JsonObject();
    }
  }

  /**
   * {@code ctl twin set DEVICE PROP=VALUE...}: one {@code PUT .../twins/{property}/desired} per
   * pair, in order; stops at the first the server refuses (those before it are set).
   */
  @Command(name = "set", description = "Set desired values: PROP=VALUE... (checked by the cloud against the model).")
  static final class Set extends CtlCall {

    @Parameters(index = "0", paramLabel = "DEVICE", description = "The device.")
    String device;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROP=VALUE", description = "Property and desired value.")
    List<String> assignments = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
        description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    private record Assignment(String property, String value) { }

    @Override
    int run() {
      List<Assignment> parsed = assignments.stream().map(Set::assignment).toList();
      ApiClient api = writingClient();
      for (Assignment assignment : parsed) {
        JsonObject twin = api.expectOk(api.send("PUT", twins(namespace, device) + "/" + segment(assignment.property())
            + "/desired", new JsonObject().put("value", assignment.value()).encode())).json();
        Object version = twin.getValue("desired") instanceof JsonObject desired ? desired.getValue("version") : null;
        out().println("twin " + device + "/" + assignment.property() + " desired=" + assignment.value()
            + (version == null ? "" : " (version " + version + ")"));
      }
      return 0;
    }

    private static Assignment assignment(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw CtlException.usage("twin set: \"" + text + "\" is not PROP=VALUE (e.g. setpoint=21)");
      }
      return new Assignment(text.substring(0, eq), text.substring(eq + 1));
    }
  }
}
