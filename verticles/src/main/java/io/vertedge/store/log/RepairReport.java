package io.vertedge.store.log;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link LogCheck#repair} did; {@link #toString()} is the text the command line prints.
 *
 * @param before   the log as the repair found it
 * @param movedTo  the directory the damaged originals were moved to, null when nothing moved
 * @param actions  what was moved, kept and lost, one sentence each
 * @param refusal  why the repair left the log alone, null when it did not refuse
 */
public record RepairReport(CheckReport before, Path movedTo, List<String> actions, String refusal) {

  public RepairReport {
    actions = List.copyOf(actions);
  }

  public boolean refused() {
    return refusal != null;
  }

  public boolean changed() {
    return movedTo != null;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(before.toString());
    if (refused()) {
      return text.append("not repaired: ").append(refusal).append('\n').toString();
    }
    if (!changed()) {
      return text.append("nothing to repair").append(before.healthy() ? "" : ": start-up cuts the torn tail")
          .append('\n').toString();
    }
    text.append("repaired; the originals are in ").append(movedTo).append(" (README.txt says why)\n");
    actions.forEach(action -> text.append("  ").append(action).append('\n'));
    return text.toString();
  }
}
