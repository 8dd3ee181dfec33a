package io.vertedge.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's {@code --set} arguments sorted to their side: {@code cloud.api.port=0} is the
 * cloud's {@code api.port}, {@code edge.api.port=0} the edge's, and {@code api.port=0} both.
 * No edge key starts with {@code cloud.}, so the prefixes are never ambiguous.
 */
record DemoSets(List<SetArgument> cloud, List<SetArgument> edge) {

  private static final String CLOUD = "cloud.";
  private static final String EDGE = "edge.";

  static DemoSets split(List<String> sets) {
    List<SetArgument> cloud = new ArrayList<>();
    List<SetArgument> edge = new ArrayList<>();
    for (String text : sets) {
      SetArgument set = SetArgument.parse(text);
      String key = set.key();
      if (key.startsWith(CLOUD)) {
        cloud.add(new SetArgument(prefixed(CloudKeys.TABLE, key, CLOUD), set.value()));
      } else if (key.startsWith(EDGE)) {
        edge.add(new SetArgument(prefixed(EdgeKeys.TABLE, key, EDGE), set.value()));
      } else {
        boolean inCloud = CloudKeys.TABLE.find(key).isPresent();
        boolean inEdge = EdgeKeys.TABLE.find(key).isPresent();
        if (!inCloud && !inEdge) {
          throw KeyTable.unknownKey(key, demoNames());
        }
        if (inCloud) {
          cloud.add(set);
        }
        if (inEdge) {
          edge.add(set);
        }
      }
    }
    return new DemoSets(cloud, edge);
  }

  private static String prefixed(KeyTable table, String key, String prefix) {
    String bare = key.substring(prefix.length());
    if (table.find(bare).isEmpty()) {
      throw KeyTable.unknownKey(key, table.names().stream().map(n -> prefix + n).toList());
    }
    return bare;
  }

  /** Suggestions for an unprefixed typo: every bare key of both sides. */
  private static List<String> demoNames() {
    return KeyTable.allNames(List.of(CloudKeys.TABLE, EdgeKeys.TABLE), false);
  }
}
