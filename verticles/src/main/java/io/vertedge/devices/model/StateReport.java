package io.vertedge.devices.model;

import java.util.Map;

/** A device's {@code spec.stateReport} (KubeEdge 1.23): whether and how often its state is reported. */
public record StateReport(Boolean reportToCloud, Long reportCycle) {

  static StateReport of(Object stateReport) {
    Map<String, Object> m = Tree.object(stateReport);
    return new StateReport(Tree.bool(m.get("reportToCloud")), Tree.integer(m.get("reportCycle")));
  }
}
