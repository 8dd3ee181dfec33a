package io.vertedge.mappers.virtual;

/** A simulated property value; sampled once per read. */
interface Signal {

  /** The value at {@code elapsedMillis} since the driver was initialised, in the property's canonical form. */
  String sample(long elapsedMillis);
}
