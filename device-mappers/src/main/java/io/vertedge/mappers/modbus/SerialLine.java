package io.vertedge.mappers.modbus;

import io.vertedge.mappers.driver.ConfigReader;
import io.vertedge.mappers.driver.InvalidFieldException;
import java.util.Locale;

/**
 * A serial port and its line settings, from the mappers-go layout {@code com: {serialPort, baudRate,
 * dataBits, parity, stopBits}}. KubeEdge's CRDs mark every field required; the common RTU setting
 * 9600 8N1 fills the ones left out. Every device on one port must give the same settings: they
 * share the port (one RS-485 bus, several slaves).
 */
record SerialLine(String port, int baudRate, int dataBits, Parity parity, int stopBits) {

  /** Parity as mappers-go writes it ({@code none}, {@code even}, {@code odd}) or as the 8N1 shorthand does. */
  enum Parity {
    NONE('N', 0), ODD('O', 1), EVEN('E', 2);

    final char letter;
    /** jSerialComm's constant (SerialPort.NO_PARITY, ODD_PARITY, EVEN_PARITY). */
    final int jSerialComm;

    Parity(char letter, int jSerialComm) {
      this.letter = letter;
      this.jSerialComm = jSerialComm;
    }

    static Parity parse(ConfigReader com) {
      String given = com.string("parity").orElse("none");
      return switch (given.trim().toLowerCase(Locale.ROOT)) {
        case "none", "n" -> NONE;
        case "even", "e" -> EVEN;
        case "odd", "o" -> ODD;
        default -> throw new InvalidFieldException(com.field("parity"), "must be none, even or odd (or N, E, O), not '" + given + "'");
      };
    }
  }

  static SerialLine parse(ConfigReader com) {
    String port = com.requiredString("serialPort");
    int baudRate = (int) com.integer("baudRate", 9600, 50, 4_000_000);
    int dataBits = (int) com.integer("dataBits", 8, 5, 8);
    Parity parity = Parity.parse(com);
    int stopBits = (int) com.integer("stopBits", 1, 1, 2);
    return new SerialLine(port, baudRate, dataBits, parity, stopBits);
  }

  /** Whether {@code other} sets the line up the same way (it may name the port by another path). */
  boolean sameLine(SerialLine other) {
    return baudRate == other.baudRate && dataBits == other.dataBits && parity == other.parity && stopBits == other.stopBits;
  }

  /** jSerialComm's constant: SerialPort.ONE_STOP_BIT is 1, TWO_STOP_BITS is 3. */
  int jSerialCommStopBits() {
    return stopBits == 2 ? 3 : 1;
  }

  /** The settings in the usual shorthand, e.g. {@code 9600 8N1}. */
  String settings() {
    return baudRate + " " + dataBits + parity.letter + stopBits;
  }

  @Override
  public String toString() {
    return port + " " + settings();
  }
}
