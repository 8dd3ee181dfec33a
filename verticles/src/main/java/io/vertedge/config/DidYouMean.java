package io.vertedge.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Picks the known name closest to a mistyped one, by edit distance, if any is close enough. */
final class DidYouMean {

  private DidYouMean() { }

  /** The nearest candidate, unless even the nearest differs too much to be a typo. */
  static Optional<String> nearest(String typed, Collection<String> candidates) {
    String wanted = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      // "heartbeatInterval" for "link.heartbeatInterval": a missing section is not a typo but close
      int d = c.endsWith("." + wanted) || c.endsWith("_" + wanted) ? 1 : distance(wanted, c);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, wanted.length() / 4);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
