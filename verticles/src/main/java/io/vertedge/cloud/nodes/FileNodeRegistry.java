package io.vertedge.cloud.nodes;

import io.vertedge.pki.Pem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NodeRegistry} kept in one JSON file, {@code <cloud data>/store/nodes.json}: joined nodes
 * (with every unexpired serial issued to them, so deleting a node revokes its older certificates
 * too) and revoked serials until they expire. Reads come from memory; each change rewrites the
 * file atomically on a worker. Small on purpose: the store will move to MapDB.
 */
public final class FileNodeRegistry implements NodeRegistry {

  public static final String FILE = "store/nodes.json";

  /** A joined node and every serial issued to it that has not expired yet. */
  private record Entry(JoinedNode node, Map<String, Instant> issued) { }

  private final Vertx vertx;
  private final Path file;
  private final ConcurrentHashMap<String, Entry> nodes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BigInteger, Instant> revoked = new ConcurrentHashMap<>();
  private final Object fileLock = new Object();

  private FileNodeRegistry(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  /** Opens (or starts empty) {@code <cloudDataDir>/store/nodes.json}; reads it on a worker. */
  public static Future<FileNodeRegistry> open(Vertx vertx, Path cloudDataDir) {
    FileNodeRegistry registry = new FileNodeRegistry(vertx, cloudDataDir.resolve(FILE));
    return vertx.executeBlocking(() -> {
      registry.load();
      return registry;
    });
  }

  @Override
  public Optional<JoinedNode> find(String name) {
    return Optional.ofNullable(nodes.get(name)).map(Entry::node);
  }

  @Override
  public List<JoinedNode> all() {
    return nodes.values().stream().map(Entry::node).sorted(Comparator.comparing(JoinedNode::name)).toList();
  }

  /** Keeps the first {@code joinedAt} across renewals: a renewal is not a new join. */
  @Override
  public Future<Void> recordIssued(JoinedNode node) {
    nodes.compute(node.name(), (name, old) -> {
      Map<String, Instant> issued = old == null ? new HashMap<>() : new HashMap<>(old.issued());
      issued.put(node.serialHex(), node.notAfter());
      JoinedNode recorded = old == null ? node
          : new JoinedNode(name, node.serialHex(), node.notAfter(), old.node().joinedAt());
      return new Entry(recorded, Map.copyOf(issued));
    });
    return persist();
  }

  @Override
  public Future<Boolean> delete(String name) {
    Entry removed = nodes.remove(name);
    if (removed == null) {
      return Future.succeededFuture(false);
    }
    removed.issued().forEach((serial, notAfter) -> revoked.put(new BigInteger(serial, 16), notAfter));
    return persist().map(true);
  }

  @Override
  public boolean isRevoked(BigInteger serial) {
    return revoked.containsKey(serial);
  }

  private Future<Void> persist() {
    // Each write takes the state current when it runs, so a write that completes covers every
    // change made before it was asked for, whatever order the workers run in.
    return vertx.executeBlocking(() -> {
      synchronized (fileLock) {
        Pem.writeAtomically(file, snapshot(Instant.now()).encodePrettily(), false);
      }
      return null;
    });
  }

  private JsonObject snapshot(Instant now) {
    JsonObject json = new JsonObject();
    JsonObject nodesJson = new JsonObject();
    nodes.values().stream().sorted(Comparator.comparing(entry -> entry.node().name())).forEach(entry -> {
      JsonObject issued = new JsonObject();
      entry.issued().forEach((serial, notAfter) -> {
        if (notAfter.isAfter(now)) {
          issued.put(serial, notAfter.toString());
        }
      });
      JoinedNode node = entry.node();
      nodesJson.put(node.name(), new JsonObject().put("serial", node.serialHex())
          .put("notAfter", node.notAfter().toString()).put("joinedAt", node.joinedAt().toString())
          .put("issued", issued));
    });
    JsonObject revokedJson = new JsonObject();
    // An expired certificate is refused anyway: its revocation need not be kept.
    revoked.forEach((serial, notAfter) -> {
      if (notAfter.isAfter(now)) {
        revokedJson.put(serial.toString(16), notAfter.toString());
      }
    });
    return json.put("nodes", nodesJson).put("revoked", revokedJson);
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException(file + " is not a JSON object: " + e.getMessage(), e);
    }
    json.getJsonObject("nodes", new JsonObject()).forEach(field -> {
      JsonObject node = (JsonObject) field.getValue();
      Map<String, Instant> issued = new HashMap<>();
      node.getJsonObject("issued", new JsonObject())
          .forEach(serial -> issued.put(serial.getKey(), Instant.parse((String) serial.getValue())));
      nodes.put(field.getKey(), new Entry(new JoinedNode(field.getKey(), node.getString("serial"),
          Instant.parse(node.getString("notAfter")), Instant.parse(node.getString("joinedAt"))), Map.copyOf(issued)));
    });
    json.getJsonObject("revoked", new JsonObject())
        .forEach(entry -> revoked.put(new BigInteger(entry.getKey(), 16), Instant.parse((String) entry.getValue())));
  }
}
