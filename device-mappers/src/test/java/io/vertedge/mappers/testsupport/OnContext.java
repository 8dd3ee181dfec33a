package io.vertedge.mappers.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs code confined to one Vert.x context (as a mapper's is) from a test thread, and waits for its future. */
public final class OnContext {

  private final Context context;

  public OnContext(Context context) {
    this.context = context;
  }

  /** The future's outcome: its value, or its failure (also what {@code action} threw) thrown here. */
  public <T> T await(Supplier<Future<T>> action) {
    return result(call(action));
  }

  /** Starts {@code action} on the context and returns at once. */
  public <T> CompletableFuture<T> call(Supplier<Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        action.get().onSuccess(result::complete).onFailure(result::completeExceptionally);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** The value, or the failure unwrapped. */
  public static <T> T result(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome within 20 s", e);
    }
  }
}
