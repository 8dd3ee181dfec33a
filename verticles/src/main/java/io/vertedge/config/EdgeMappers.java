package io.vertedge.config;

import java.util.List;
import java.util.Objects;

/**
 * Who runs the edge's devices.
 *
 * @param builtIn the protocols the edge's built-in mappers run ({@code mappers.builtIn}); devices of
 *                other protocols are left to DMI mappers
 * @param dmiTcp  where DMI is served over TCP besides its socket ({@code dmi.tcp}); {@code null} when off
 */
public record EdgeMappers(List<String> builtIn, HostPort dmiTcp) {

  public EdgeMappers {
    builtIn = List.copyOf(Objects.requireNonNull(builtIn, "builtIn"));
  }
}
