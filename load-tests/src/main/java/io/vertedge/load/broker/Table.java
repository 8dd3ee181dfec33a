package io.vertedge.load.broker;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The result table: medians of the rounds per scenario and broker, each run listed. */
final class Table {

  private Table() {
  }

  static String markdown(List<BrokerVsMosquitto.Scenario> scenarios, Map<String, List<BrokerVsMosquitto.Measured>> results) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | counted | Mosquitto | Vertedge | Vertedge / Mosquitto | broker CPU, cores (Mosquitto / Vertedge) "
        + "| broker CPU per message or delivery, µs (Mosquitto / Vertedge) | nothing lost |\n");
    out.append("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n");
    for (BrokerVsMosquitto.Scenario scenario : scenarios) {
      List<BrokerVsMosquitto.Measured> mosquitto = results.get(scenario.title() + "|Mosquitto");
      List<BrokerVsMosquitto.Measured> vertedge = results.get(scenario.title() + "|Vertedge");
      boolean fanOut = scenario.subscribers() > 1;
      ToDoubleFunction<BrokerVsMosquitto.Measured> value = fanOut ? BrokerVsMosquitto.Measured::deliveries
          : BrokerVsMosquitto.Measured::rate;
      double m = median(completeOnly(mosquitto), value);
      double v = median(completeOnly(vertedge), value);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | **%.2f** | %.2f / %.2f | %.2f / %.2f | %s |%n",
          scenario.title() + (scenario.cClients() ? "" : " (Java)"),
          fanOut ? "deliveries/s" : "messages/s",
          cell(mosquitto, value), cell(vertedge, value), v / m,
          median(completeOnly(mosquitto), BrokerVsMosquitto.Measured::brokerCpu),
          median(completeOnly(vertedge), BrokerVsMosquitto.Measured::brokerCpu),
          median(completeOnly(mosquitto), run -> microsPer(run, value)), median(completeOnly(vertedge), run -> microsPer(run, value)),
          losses(mosquitto, vertedge)));
    }
    return out.toString();
  }

  /** Broker CPU time over what was counted: cores / (counted per second), in microseconds. */
  private static double microsPer(BrokerVsMosquitto.Measured run, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    return run.brokerCpu() / value.applyAsDouble(run) * 1e6;
  }

  /** The median of the complete runs, then every run: its value, or what it lost. */
  private static String cell(List<BrokerVsMosquitto.Measured> runs, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    List<BrokerVsMosquitto.Measured> complete = runs.stream().filter(BrokerVsMosquitto.Measured::complete).toList();
    String each = runs.stream().map(run -> run.complete() ? String.format(Locale.ROOT, "%,.0f", value.applyAsDouble(run))
        : String.format(Locale.ROOT, "lost %,d", run.expected() - run.delivered())).collect(Collectors.joining(" / "));
    return complete.isEmpty() ? "none complete (" + each + ")"
        : String.format(Locale.ROOT, "**%,.0f** (%s)", median(complete, value), each);
  }

  private static String losses(List<BrokerVsMosquitto.Measured> mosquitto, List<BrokerVsMosquitto.Measured> vertedge) {
    String text = Stream.of(lost("Mosquitto", mosquitto), lost("Vertedge", vertedge)).filter(s -> !s.isEmpty())
        .collect(Collectors.joining("; "));
    return text.isEmpty() ? "yes" : "**NO**: " + text;
  }

  private static String lost(String broker, List<BrokerVsMosquitto.Measured> runs) {
    List<BrokerVsMosquitto.Measured> incomplete = runs.stream().filter(run -> !run.complete()).toList();
    if (incomplete.isEmpty()) {
      return "";
    }
    return String.format(Locale.ROOT, "%s lost messages in %d of %d runs (%s)", broker, incomplete.size(), runs.size(),
        incomplete.stream().map(run -> String.format(Locale.ROOT, "%,d of %,d", run.expected() - run.delivered(), run.expected()))
            .collect(Collectors.joining(", ")));
  }

  /** All runs when none is complete, so that a ratio is still printed (and flagged in the last column). */
  private static List<BrokerVsMosquitto.Measured> completeOnly(List<BrokerVsMosquitto.Measured> runs) {
    List<BrokerVsMosquitto.Measured> complete = runs.stream().filter(BrokerVsMosquitto.Measured::complete).toList();
    return complete.isEmpty() ? runs : complete;
  }

  static double median(List<BrokerVsMosquitto.Measured> runs, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    List<Double> sorted = runs.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
