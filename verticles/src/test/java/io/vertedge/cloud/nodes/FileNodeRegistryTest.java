package io.vertedge.cloud.nodes;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FileNodeRegistryTest {

  @TempDir
  Path data;
  Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void joinedNodesAndRevocationsSurviveACloudRestart() {
    // GIVEN edge-1 joined then renewed, and edge-2 joined then was deleted
    Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    FileNodeRegistry registry = FileNodeRegistry.open(vertx, data).await();
    Instant joinedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    registry.recordIssued(new JoinedNode("edge-1", "a1", later, joinedAt)).await();
    registry.recordIssued(new JoinedNode("edge-1", "a2", later, joinedAt.plusSeconds(5))).await();
    registry.recordIssued(new JoinedNode("edge-2", "b1", later, joinedAt)).await();
    registry.recordIssued(new JoinedNode("edge-2", "b2", later, joinedAt)).await();
    assertTrue(registry.delete("edge-2").await());
    assertFalse(registry.delete("edge-3").await());
    // WHEN the cloud restarts
    FileNodeRegistry reopened = FileNodeRegistry.open(vertx, data).await();
    // THEN edge-1 keeps its first join time and current serial; both of edge-2's serials stay revoked
    assertEquals(List.of(new JoinedNode("edge-1", "a2", later, joinedAt)), reopened.all());
    assertTrue(reopened.isRevoked(new BigInteger("b1", 16)));
    assertTrue(reopened.isRevoked(new BigInteger("b2", 16)));
    assertFalse(reopened.isRevoked(new BigInteger("a1", 16)));
    assertTrue(reopened.find("edge-2").isEmpty());
  }
}
