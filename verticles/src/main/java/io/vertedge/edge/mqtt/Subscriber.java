package io.vertedge.edge.mqtt;

/** Who a subscription delivers to: a client's session or a consumer inside the hub. */
sealed interface Subscriber permits Session, LocalConsumer {
}
