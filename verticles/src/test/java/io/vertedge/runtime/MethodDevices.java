package io.vertedge.runtime;

/** A {@code protocolName: virtual} device with methods, and its model, for the device method tests. */
final class MethodDevices {

  private MethodDevices() { }

  static final String MODEL_YAML = """
      apiVersion: devices.kubeedge.io/v1beta1
      kind: DeviceModel
      metadata: {name: valve-model, namespace: default}
      spec:
        protocol: virtual
        properties:
          - {name: ticks, type: INT, accessMode: ReadOnly}
          - {name: target, type: FLOAT, accessMode: ReadWrite, minimum: "0", maximum: "100", unit: "%"}
          - {name: mode, type: STRING, accessMode: ReadWrite, description: operating mode}
          - {name: spare, type: INT, accessMode: ReadWrite}
      """;

  /** Device {@code name} on {@code node}: target reads 21.0 and mode "auto" until written. */
  static String device(String name, String node) {
    return """
        apiVersion: devices.kubeedge.io/v1beta1
        kind: Device
        metadata: {name: %s, namespace: default}
        spec:
          deviceModelRef: {name: valve-model}
          nodeName: %s
          protocol: {protocolName: virtual}
          methods:
            - {name: setTarget, description: open the valve, propertyNames: [target, mode]}
            - {name: everything, propertyNames: [target, ticks]}
          properties:
            - name: ticks
              collectCycle: 100
              visitors: {protocolName: virtual, configData: {signal: counter, start: 0, step: 1}}
            - name: target
              collectCycle: 100
              visitors: {protocolName: virtual, configData: {signal: constant, value: "21.0"}}
            - name: mode
              collectCycle: 100
              visitors: {protocolName: virtual, configData: {signal: constant, value: auto}}
            - name: spare
              collectCycle: 100
              visitors: {protocolName: virtual, configData: {signal: constant, value: "1"}}
        """.formatted(name, node);
  }
}
