package io.vertedge.load.broker;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

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
      double m = median(mosquitto, value);
      double v = median(vertedge, value);
      boolean complete = mosquitto.stream().allMatch(BrokerVsMosquitto.Measured::complete)
          && vertedge.stream().allMatch(BrokerVsMosquitto.Measured::complete);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | **%.2f** | %.2f / %.2f | %.2f / %.2f | %s |%n",
          scenario.title() + (scenario.cClients() ? "" : " (Java)"),
          fanOut ? "deliveries/s" : "messages/s",
          cell(mosquitto, value), cell(vertedge, value), v / m,
          median(mosquitto, BrokerVsMosquitto.Measured::brokerCpu), median(vertedge, BrokerVsMosquitto.Measured::brokerCpu),
          median(mosquitto, run -> microsPer(run, value)), median(vertedge, run -> microsPer(run, value)),
          complete ? "yes" : "NO (see the runs)"));
    }
    return out.toString();
  }

  /** Broker CPU time over what was counted: cores / (counted per second), in microseconds. */
  private static double microsPer(BrokerVsMosquitto.Measured run, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    return run.brokerCpu() / value.applyAsDouble(run) * 1e6;
  }

  private static String cell(List<BrokerVsMosquitto.Measured> runs, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    return String.format(Locale.ROOT, "**%,.0f** (%s)", median(runs, value),
        runs.stream().map(run -> String.format(Locale.ROOT, "%,.0f", value.applyAsDouble(run))).collect(Collectors.joining(" / ")));
  }

  static double median(List<BrokerVsMosquitto.Measured> runs, ToDoubleFunction<BrokerVsMosquitto.Measured> value) {
    List<Double> sorted = runs.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
