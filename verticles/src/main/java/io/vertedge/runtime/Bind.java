package io.vertedge.runtime;

import io.vertedge.api.ApiServers;
import io.vertedge.api.PortInUseException;
import io.vertedge.config.ConfigException;
import io.vertx.core.Future;

/** Turns a listener's bind failure into the one-line configuration error of API.md section 2. */
final class Bind {

  private Bind() {
  }

  /** {@code side.key: port is in use; set key}, exit 2; any other failure unchanged. */
  static <T> Future<T> named(Future<T> binding, String side, String key, int port) {
    return binding.recover(failure -> {
      if (failure instanceof PortInUseException inUse) {
        return Future.failedFuture(new ConfigException(inUse.getMessage()));
      }
      if (ApiServers.isAddressInUse(failure)) {
        return Future.failedFuture(new ConfigException(side + "." + key + ": " + port + " is in use; set " + key));
      }
      return Future.failedFuture(failure);
    });
  }
}
