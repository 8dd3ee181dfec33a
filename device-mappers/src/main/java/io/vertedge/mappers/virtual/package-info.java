/**
 * The {@code virtual} driver: simulated signals (sine, random walk, counter, constant) per
 * property, so that demos and load tests need no hardware.
 */
package io.vertedge.mappers.virtual;
