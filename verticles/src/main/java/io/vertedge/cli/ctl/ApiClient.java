package io.vertedge.cli.ctl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP client of ctl: the JDK's (ctl is no event loop), JSON in and out. A refused request
 * becomes a {@link CtlException} with the server's {@code Status} message; an unreachable server
 * one that names the URL and what to do.
 */
final class ApiClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern WARNING = Pattern.compile("^\\d{3} \\S+ \"(.*)\"");

  /** Which API: the words of messages depend on it. */
  enum Side {
    CLOUD("cloud", "--server URL"), EDGE("edge", "--edge URL");

    final String name;
    final String option;

    Side(String name, String option) {
      this.name = name;
      this.option = option;
    }
  }

  /** An answer: its status, body and the texts of its {@code Warning} headers. */
  record Response(int status, String body, List<String> warnings) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (DecodeException e) {
        throw CtlException.failed("the server's answer is not a JSON object: " + abbreviate(body));
      }
    }
  }

  private final Side side;
  private final Connection.Target target;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  ApiClient(Side side, Connection.Target target) {
    this.side = side;
    this.target = target;
  }

  Side side() {
    return side;
  }

  /** GET; any status comes back. */
  Response get(String path) {
    return send("GET", path, null);
  }

  /** A request with a JSON body (or none); any status comes back. */
  Response send(String method, String path, String json) {
    return send(method, path, json, REQUEST_TIMEOUT);
  }

  /** As {@link #send(String, String, String)}, waiting up to {@code timeout} for the answer. */
  Response send(String method, String path, String json, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(),
          response.headers().allValues("Warning").stream().map(ApiClient::warningText).toList());
    } catch (HttpTimeoutException e) {
      throw CtlException.failed("no answer from the " + side.name + " API at " + target.url() + " within "
          + timeout.toSeconds() + "s (" + method + " " + path + ")");
    } catch (ConnectException e) {
      throw CtlException.failed("cannot connect to the " + side.name + " API at " + target.url() + where()
          + " (connection refused): is the " + side.name + " running? Give its address with " + side.option);
    } catch (IOException e) {
      throw CtlException.failed("cannot reach the " + side.name + " API at " + target.url() + where() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CtlException.failed("interrupted while waiting for the " + side.name + " API at " + target.url());
    }
  }

  /** The answer when it is a success, else a failure with the server's message. */
  Response expectOk(Response response) {
    if (!response.ok()) {
      throw CtlException.failed(message(response));
    }
    return response;
  }

  /** What the server said went wrong: its {@code Status} message, else the status and the start of the body. */
  static String message(Response response) {
    try {
      JsonObject status = new JsonObject(response.body());
      String message = status.getString("message");
      if (message != null && !message.isBlank()) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
      }
    } catch (DecodeException | ClassCastException e) {
      // not a Status: say what came
    }
    return "the server answered " + response.status() + ": " + abbreviate(response.body());
  }

  private String where() {
    return target.origin().isEmpty() ? "" : " (from " + target.origin() + ")";
  }

  private static String warningText(String header) {
    Matcher m = WARNING.matcher(header);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : header;
  }

  private static String abbreviate(String body) {
    String line = body == null ? "" : body.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.isEmpty() ? "(no body)" : line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
