package io.vertedge.delivery;

import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a reader of the edge's copy of cloud state sees while arrived state waits for its force. */
class ArrivedStateTest {

  @Test
  void whatArrivedAndIsNotYetDurableIsLaidOverTheStoreNewestFirst() {
    // GIVEN the store's copy, and arrivals not yet durable: a newer device-a, a new device-c, a deletion of device-b
    List<Envelope> stored = List.of(state("device/a", 3, "a3"), state("device/b", 4, "b4"), state("device/d", 9, "d9"));
    ArrivedState arrived = new ArrivedState();
    arrived.arrived(state("device/a", 10, "a10"));
    arrived.arrived(state("device/c", 11, "c11"));
    arrived.arrived(deletion("device/b", 12));
    // WHEN a reader reads the copy
    List<Envelope> seen = ArrivedState.overlay(stored, arrived.snapshot());
    // THEN it sees the newest of each key, and not the deleted one
    assertEquals(List.of("device/a=a10", "device/d=d9", "device/c=c11"), describe(seen));
  }

  @Test
  void anArrivalTheStoreHoldsANewerValueOfDoesNotHideIt() {
    // an arrival taken before the read, whose key a later, durable arrival changed again
    List<Envelope> stored = List.of(state("device/a", 20, "a20"));
    assertEquals(List.of("device/a=a20"), describe(ArrivedState.overlay(stored, Map.of("device/a", state("device/a", 10, "a10")))));
  }

  @Test
  void aDurableBatchLeavesTheArrivedStateButANewerArrivalOfItsKeyStays() {
    ArrivedState arrived = new ArrivedState();
    Envelope first = state("device/a", 1, "a1");
    arrived.arrived(first);
    arrived.arrived(state("device/b", 2, "b2"));
    arrived.arrived(state("device/a", 3, "a3"));
    arrived.durable(List.of(first, state("device/b", 2, "b2")));
    assertEquals(List.of("device/a=a3"), describe(List.copyOf(arrived.snapshot().values())));
  }

  private static Envelope state(String key, long sequence, String content) {
    return Envelope.newBuilder().setChannel(Channel.RESOURCES).setSequence(sequence)
        .setRoute(Route.newBuilder().setGroup("resource").setOperation("update").setResource(key))
        .setContent(com.google.protobuf.ByteString.copyFromUtf8(content)).build();
  }

  private static Envelope deletion(String key, long sequence) {
    return Envelope.newBuilder().setChannel(Channel.RESOURCES).setSequence(sequence)
        .setRoute(Route.newBuilder().setGroup("resource").setOperation(StateSource.DELETE).setResource(key)).build();
  }

  private static List<String> describe(List<Envelope> envelopes) {
    return envelopes.stream().map(e -> e.getRoute().getResource() + "=" + e.getContent().toStringUtf8()).toList();
  }
}
