package io.vertedge.load.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A benchmark main's arguments: positional ones, {@code --name value} pairs, and bare flags (value "true"). */
public record Args(List<String> positional, Map<String, String> named) {

  public static Args parse(String[] args, Set<String> flags) {
    List<String> positional = new ArrayList<>();
    Map<String, String> named = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (flags.contains(args[i])) {
        named.put(args[i], "true");
      } else if (args[i].startsWith("--")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        named.put(args[i], args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    return new Args(List.copyOf(positional), Map.copyOf(named));
  }
}
