package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;

/**
 * What the edge reports about a device, in either layout (KUBEEDGE-COMPAT 6.3): the
 * {@code status} of a {@code Device} (KubeEdge 1.22 and earlier: twins, state, lastOnlineTime;
 * 1.23 keeps only reportToCloud and reportCycle there) or of a separate {@code DeviceStatus}
 * (twins, state, lastOnlineTime, extensions). Absent members are {@code null} or empty.
 */
public record ReportedStatus(List<Twin> twins, String state, String lastOnlineTime,
    Boolean reportToCloud, Long reportCycle, Map<String, Object> extensions) {

  static ReportedStatus of(Object status) {
    Map<String, Object> m = Tree.object(status);
    return new ReportedStatus(Tree.list(m.get("twins")).stream().map(Twin::of).toList(),
        Tree.string(m.get("state")), Tree.string(m.get("lastOnlineTime")),
        Tree.bool(m.get("reportToCloud")), Tree.integer(m.get("reportCycle")),
        Tree.object(m.get("extensions")));
  }
}
