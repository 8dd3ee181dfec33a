package io.vertedge.devices.model;

import java.util.Map;

/**
 * How a mapper reaches a property ({@code visitors}): the protocol and its free-form
 * {@code configData}, kept exactly as given (e.g. Modbus {@code register}, {@code offset}).
 *
 * @param protocolName the protocol, or {@code null}
 * @param configData   free-form; empty when absent
 */
public record VisitorConfig(String protocolName, Map<String, Object> configData) {

  static VisitorConfig of(Object visitors) {
    Map<String, Object> m = Tree.object(visitors);
    return new VisitorConfig(Tree.string(m.get("protocolName")), Tree.object(m.get("configData")));
  }
}
