package io.vertedge.load.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded broker against Mosquitto in the same run (issue 12): both brokers in their own
 * processes, the same load against each, alternating, medians of the rounds. Scenarios: the Java
 * load generator ({@link JavaLoad}) at QoS 0 and 1, 1 → 1 and 1 → N subscribers, and the
 * acceptance run with Mosquitto's own C clients ({@link CClientsRun}).
 *
 * <pre>
 * java -cp ... io.vertedge.load.broker.BrokerVsMosquitto [--rounds 3] [--messages 500000]
 *   [--fanout-messages 10000] [--subscribers 100] [--c-messages 500000] [--window 500]
 *   [--inflight 1000] [--sub-threads 1] [--scenarios q0-1,q1-1,q0-fan,q1-fan,c] [--no-warmup]
 *   [--work DIR] [--broker-java "-Xmx512m ..."]
 * </pre>
 */
public final class BrokerVsMosquitto {

  private static final long STALL_MILLIS = 5_000;

  private BrokerVsMosquitto() {
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    int rounds = Integer.parseInt(args.getOrDefault("--rounds", "3"));
    Settings settings = new Settings(
        Integer.parseInt(args.getOrDefault("--messages", "500000")),
        Integer.parseInt(args.getOrDefault("--fanout-messages", "10000")),
        Integer.parseInt(args.getOrDefault("--subscribers", "100")),
        Integer.parseInt(args.getOrDefault("--c-messages", "500000")),
        Integer.parseInt(args.getOrDefault("--window", "500")),
        Integer.parseInt(args.getOrDefault("--inflight", "1000")));
    List<Scenario> scenarios = Scenario.parse(args.getOrDefault("--scenarios", "q0-1,q1-1,q0-fan,q1-fan,c"), settings);
    Path work = args.containsKey("--work") ? Files.createDirectories(Path.of(args.get("--work")))
        : Files.createTempDirectory("vertedge-broker-bench.");
    List<String> brokerJava = Arrays.stream(args.getOrDefault("--broker-java", "").trim().split("\\s+"))
        .filter(option -> !option.isEmpty()).toList();

    System.out.println(conditions(settings, rounds, brokerJava, args.getOrDefault("--sub-threads", "1")));
    System.out.println("load average at the start: " + loadAverage());
    Path lines = scenarios.stream().anyMatch(s -> s.cClients) ? CClientsRun.lines(work, settings.cMessages) : null;
    try (BrokerProcess mosquitto = BrokerProcess.mosquitto(work);
         BrokerProcess vertedge = BrokerProcess.embedded(work, brokerJava);
         JavaLoad load = new JavaLoad(Integer.parseInt(args.getOrDefault("--sub-threads", "1")))) {
      List<BrokerProcess> brokers = List.of(mosquitto, vertedge);
      System.out.printf(Locale.ROOT, "Mosquitto pid %d port %d; Vertedge pid %d port %d; work %s%n",
          mosquitto.pid(), mosquitto.port, vertedge.pid(), vertedge.port, work);
      for (BrokerProcess broker : brokers) {
        CClientsRun.prepare(broker.port);
      }
      Runner runner = new Runner(load, settings, lines);
      if (!args.containsKey("--no-warmup")) {
        for (Scenario scenario : scenarios) {
          for (BrokerProcess broker : brokers) {
            Measured warm = runner.run(scenario, broker);
            System.out.printf(Locale.ROOT, "warm-up  %-28s %-9s %s%n", scenario.title, broker.name, warm.describe());
          }
        }
      }
      Map<String, List<Measured>> results = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        for (Scenario scenario : scenarios) {
          // alternate which broker goes first, so that neither always runs on a warmer machine
          List<BrokerProcess> order = round % 2 == 1 ? brokers : List.of(vertedge, mosquitto);
          for (BrokerProcess broker : order) {
            Measured measured = runner.run(scenario, broker);
            results.computeIfAbsent(scenario.title + "|" + broker.name, k -> new ArrayList<>()).add(measured);
            System.out.printf(Locale.ROOT, "round %d  %-28s %-9s %s%n", round, scenario.title, broker.name,
                measured.describe());
          }
        }
      }
      System.out.println("load average at the end: " + loadAverage());
      System.out.println("mosquitto.log: " + mosquitto.dropNotices() + " notices \"Outgoing messages are being dropped for client ...\"");
      System.out.println();
      System.out.println(Table.markdown(scenarios, results));
    }
  }

  record Settings(int messages, int fanoutMessages, int subscribers, int cMessages, int window, int inflight) {
  }

  /** One kind of run. */
  record Scenario(String key, String title, int qos, int subscribers, int messages, boolean cClients) {
    static List<Scenario> parse(String keys, Settings settings) {
      List<Scenario> scenarios = new ArrayList<>();
      for (String key : keys.split(",")) {
        scenarios.add(switch (key.trim()) {
          case "q0-1" -> new Scenario(key, "QoS 0, 1 → 1", 0, 1, settings.messages, false);
          case "q1-1" -> new Scenario(key, "QoS 1, 1 → 1", 1, 1, settings.messages, false);
          case "q0-fan" -> new Scenario(key, "QoS 0, 1 → " + settings.subscribers, 0, settings.subscribers,
              settings.fanoutMessages, false);
          case "q1-fan" -> new Scenario(key, "QoS 1, 1 → " + settings.subscribers, 1, settings.subscribers,
              settings.fanoutMessages, false);
          case "c" -> new Scenario(key, "C clients: QoS 0, 1 → 1", 0, 1, settings.cMessages, true);
          default -> throw new IllegalArgumentException("unknown scenario " + key
              + " (known: q0-1, q1-1, q0-fan, q1-fan, c)");
        });
      }
      return scenarios;
    }
  }

  /**
   * One run against one broker.
   *
   * @param rate messages/s published (and, for 1 → 1, delivered)
   * @param deliveries deliveries/s to all subscribers together
   * @param brokerCpu the broker process's CPU during the run, in cores (1.0 = one core busy)
   * @param publisherSeconds C clients only: when {@code mosquitto_pub} exited
   */
  record Measured(double rate, double deliveries, double brokerCpu, double generatorCpu, boolean complete,
                  long delivered, long expected, double seconds, double publisherSeconds) {
    String describe() {
      String lost = complete ? "all delivered" : String.format(Locale.ROOT, "INCOMPLETE: %,d of %,d delivered", delivered, expected);
      String publisher = publisherSeconds > 0 ? String.format(Locale.ROOT, ", mosquitto_pub done at %.2f s", publisherSeconds) : "";
      return String.format(Locale.ROOT, "%,10.0f msg/s %,11.0f deliveries/s  %.2f s  broker CPU %.2f cores, generator %.2f%s; %s",
          rate, deliveries, seconds, brokerCpu, generatorCpu, publisher, lost);
    }
  }

  private record Runner(JavaLoad load, Settings settings, Path lines) {
    Measured run(Scenario scenario, BrokerProcess broker) throws Exception {
      double cpuBefore = broker.cpuSeconds();
      double ownBefore = ownCpuSeconds();
      Measured measured;
      if (scenario.cClients) {
        CClientsRun.Result result = CClientsRun.run(broker.port, lines, scenario.messages, STALL_MILLIS);
        double seconds = result.nanos() / 1e9;
        measured = new Measured(result.messagesPerSecond(), result.messagesPerSecond(),
            (broker.cpuSeconds() - cpuBefore) / seconds, (ownCpuSeconds() - ownBefore) / seconds, result.complete(),
            result.received(), scenario.messages, seconds, result.publisherNanos() / 1e9);
      } else {
        JavaLoad.Result result = load.run(broker.port, scenario.qos, scenario.subscribers, scenario.messages,
            settings.window, settings.inflight, STALL_MILLIS);
        double seconds = result.nanos() / 1e9;
        measured = new Measured(result.messagesPerSecond(), result.deliveriesPerSecond(),
            (broker.cpuSeconds() - cpuBefore) / seconds, (ownCpuSeconds() - ownBefore) / seconds, result.complete(),
            result.delivered(), (long) scenario.messages * scenario.subscribers, seconds, 0);
      }
      return measured;
    }
  }

  private static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private static String conditions(Settings settings, int rounds, List<String> brokerJava, String subThreads) {
    return String.format(Locale.ROOT, """
        Embedded broker against Mosquitto, %s
        machine: %d cores (%s), %s; JDK %s; generator JVM %s
        Mosquitto: %s, persistence off, max_inflight_messages %d, max_queued_messages %d (the embedded broker's defaults: maxInflight %d, maxQueuedMessages %d)
        Vertedge: io.vertedge.edge.mqtt.MqttBroker alone in its own JVM (%s), shipped limits, OTel SDK meter
        payload 64 bytes; topic %s (Java) / %s (C clients); Java generator: Netty NIO, 1 publisher thread + %s subscriber thread(s), \
        %,d messages 1 -> 1, %,d messages 1 -> %d, at most %,d QoS 1 unacknowledged and %,d messages ahead of the slowest subscriber
        C clients: mosquitto_pub -l (%,d lines of 64 bytes from a file) -> mosquitto_sub -C; rounds %d, medians""",
        java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        Runtime.getRuntime().availableProcessors(), ProcInfo.cpuModel(), ProcInfo.os(), System.getProperty("java.vm.version"),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), ProcInfo.mosquittoVersion(),
        BrokerProcess.MAX_INFLIGHT, BrokerProcess.MAX_QUEUED,
        io.vertedge.edge.mqtt.BrokerLimits.DEFAULTS.maxInflight(), io.vertedge.edge.mqtt.BrokerLimits.DEFAULTS.maxQueuedMessages(),
        brokerJava.isEmpty() ? "default JVM options" : String.join(" ", brokerJava),
        JavaLoad.TOPIC, CClientsRun.TOPIC, subThreads,
        settings.messages, settings.fanoutMessages, settings.subscribers, settings.inflight, settings.window,
        settings.cMessages, rounds);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--no-warmup")) {
        args.put(argv[i], "true");
      } else if (argv[i].startsWith("--") && i + 1 < argv.length) {
        args.put(argv[i], argv[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument " + argv[i] + " (options are --name value)");
      }
    }
    return args;
  }
}
