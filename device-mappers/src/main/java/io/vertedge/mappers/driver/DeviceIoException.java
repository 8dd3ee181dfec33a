package io.vertedge.mappers.driver;

/**
 * A read or write that reached the driver's protocol but failed there: device unreachable, no
 * answer, or an error answer. The message names the device, the property and the protocol step.
 */
public final class DeviceIoException extends RuntimeException {

  public DeviceIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
