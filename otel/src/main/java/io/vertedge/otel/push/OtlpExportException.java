package io.vertedge.otel.push;

/** An OTLP export failed after its retries; the readings it carried are dropped. */
public final class OtlpExportException extends RuntimeException {

  OtlpExportException(String endpoint, Throwable cause) {
    super("OTLP export to " + endpoint + " failed" + (cause == null ? "" : ": " + cause.getMessage()), cause, false, false);
  }
}
