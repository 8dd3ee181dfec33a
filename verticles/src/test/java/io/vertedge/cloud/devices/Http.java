package io.vertedge.cloud.devices;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A plain HTTP client of the device API over loopback (java.net.http), for tests. */
final class Http {

  static final String BASE = "/apis/devices.kubeedge.io/v1beta1";
  static final String DEVICES = BASE + "/namespaces/default/devices";
  static final String MODELS = BASE + "/namespaces/default/devicemodels";

  private final String root;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Http(String root) {
    this.root = root;
  }

  /** An answer: status, headers, body. */
  record Reply(int status, HttpResponse<String> response) {
    String body() {
      return response.body();
    }

    JsonObject json() {
      return new JsonObject(response.body());
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    List<String> headers(String name) {
      return response.headers().allValues(name);
    }

    /** Asserts the answer is a Kubernetes Status of this code, reason and message. */
    JsonObject assertStatus(int code, String reason, String message) {
      assertEquals(code, status, body());
      JsonObject status = json();
      assertEquals("Status", status.getString("kind"), body());
      assertEquals("Failure", status.getString("status"), body());
      assertEquals(code, status.getInteger("code"), body());
      assertEquals(reason, status.getString("reason"), body());
      assertEquals(message, status.getString("message"), body());
      return status;
    }
  }

  Reply get(String path) {
    return send("GET", path, null, null, null);
  }

  Reply getYaml(String path) {
    return send("GET", path, null, null, "application/yaml");
  }

  Reply post(String path, String contentType, String body) {
    return send("POST", path, contentType, body, null);
  }

  Reply postJson(String path, String body) {
    return post(path, "application/json", body);
  }

  Reply postYaml(String path, String body) {
    return post(path, "application/yaml", body);
  }

  Reply put(String path, String contentType, String body) {
    return send("PUT", path, contentType, body, null);
  }

  Reply patch(String path, String contentType, String body) {
    return send("PATCH", path, contentType, body, null);
  }

  Reply delete(String path) {
    return send("DELETE", path, null, null, null);
  }

  Reply send(String method, String path, String contentType, String body, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A watch: its status, and its lines as they come. */
  Watch watch(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(root + path)).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return new Watch(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The lines of a watch stream, read on a thread of their own; {@code END} once the server ends it. */
  static final class Watch implements AutoCloseable {
    static final JsonObject END = new JsonObject().put("type", "END");

    final int status;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();

    Watch(HttpResponse<InputStream> response) {
      this.response = response;
      this.status = response.statusCode();
      Thread reader = new Thread(this::read, "watch-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(new JsonObject(line));
        }
      } catch (IOException | RuntimeException e) {
        // the stream was closed
      }
      lines.add(END);
    }

    /** The next line; fails after 10 s without one. */
    JsonObject next() {
      try {
        JsonObject line = lines.poll(10, TimeUnit.SECONDS);
        if (line == null) {
          throw new AssertionError("no watch event within 10 s");
        }
        return line;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** The next line if one comes within {@code millis}, else null. */
    JsonObject poll(long millis) {
      try {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
