package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Resource;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The metadata the server owns: {@code uid}, {@code creationTimestamp} and {@code generation}
 * (resourceVersion is the registry's). Ids come from {@link ThreadLocalRandom}, not
 * {@code UUID.randomUUID()}, which reads SecureRandom and may block an event loop.
 */
public final class SystemFields {

  // Kubernetes' alphabet for generated names: no vowels, no look-alike digits
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  static final int GENERATED_SUFFIX = 5;

  private final Clock clock;

  public SystemFields(Clock clock) {
    this.clock = clock;
  }

  /** A new object's fields: a fresh uid, now as creationTimestamp, generation 1. */
  public Resource created(Resource resource) {
    return resource
        .with(List.of("metadata", "uid"), uid())
        .with(List.of("metadata", "creationTimestamp"), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
        .with(List.of("metadata", "generation"), 1L);
  }

  /** An updated object keeps the stored uid and creationTimestamp; its generation is given. */
  static Resource kept(Resource resource, Resource current, long generation) {
    return resource
        .with(List.of("metadata", "uid"), current.metadata().uid())
        .with(List.of("metadata", "creationTimestamp"), current.metadata().creationTimestamp())
        .with(List.of("metadata", "generation"), generation);
  }

  /** {@code generateName} and five random characters, as Kubernetes makes names. */
  static String generatedName(String prefix) {
    StringBuilder name = new StringBuilder(prefix);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < GENERATED_SUFFIX; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  static String uid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
