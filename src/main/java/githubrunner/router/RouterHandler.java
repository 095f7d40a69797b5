package githubrunner.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The router's HTTP routes on Jetty's core API: {@code POST /webhook}, {@code GET /health},
 * {@code GET /metrics}. No thread waits on a client: bodies are read asynchronously (a slow
 * sender holds a connection, never a worker), bounded by {@link #MAX_BODY} and
 * {@link #BODY_DEADLINE}. The work itself runs on a bounded pool whose queue, when full, answers
 * 503 at once; every webhook is answered within {@link #PROCESSING_DEADLINE} of its body, 503 if
 * MongoDB is slower (the work finishes behind the answer, and the ledger keeps it from counting twice).
 */
final class RouterHandler extends Handler.Abstract.NonBlocking {
    static final int MAX_BODY = 1024 * 1024;
    /** GitHub caps webhook payloads at 25 MB: a declared body up to this is read away before the 413. */
    static final long DISCARD_LIMIT = 25L * 1024 * 1024;
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    static final Duration PROCESSING_DEADLINE = Duration.ofMillis(1800);

    private final WebhookProcessor processor;
    private final HealthCheck health;
    private final RouterMetrics metrics;
    private final ExecutorService workers;

    RouterHandler(WebhookProcessor processor, HealthCheck health, RouterMetrics metrics, ExecutorService workers) {
        this.processor = processor;
        this.health = health;
        this.metrics = metrics;
        this.workers = workers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        switch (path) {
            case "/webhook" -> {
                if (!method.equals("POST")) {
                    return answer(response, callback, notAllowed("POST"));
                }
                webhook(request, response, callback);
            }
            case "/health" -> {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    return answer(response, callback, notAllowed("GET"));
                }
                health.check().thenAccept(up -> answer(response, callback, up
                        ? new Reply(Outcome.PING, "ok")
                        : new Reply(Outcome.UNAVAILABLE, "Router is not ready to forward jobs.")));
            }
            case "/metrics" -> {
                if (!method.equals("GET")) {
                    return answer(response, callback, notAllowed("GET"));
                }
                metrics(response, callback);
            }
            default -> answer(response, callback, new Reply(Outcome.NOT_FOUND, "Not found."));
        }
        return true;
    }

    private void webhook(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        Answer answered = new Answer(response, callback, start);
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            closeAfter(response);
            if (declared > DISCARD_LIMIT) {
                answered.send(tooLarge());
                return;
            }
            discardThenAnswer(request, answered, tooLarge());
            return;
        }
        Content.Source.asByteArrayAsync(request, MAX_BODY)
                .orTimeout(BODY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((body, error) -> {
                    if (error != null) {
                        closeAfter(response);
                        Reply reply = bodyError(error);
                        if (reply.outcome() == Outcome.TOO_LARGE) {
                            discardThenAnswer(request, answered, reply);
                        } else {
                            answered.send(reply);
                        }
                        return;
                    }
                    process(request, body, answered);
                });
    }

    /**
     * Reads the rest of the body away (within the body deadline) before answering: closing with it
     * unread resets the connection, and a sender still writing may then never see the answer.
     */
    private static void discardThenAnswer(Request request, Answer answered, Reply reply) {
        CompletableFuture<Void> discarded = new CompletableFuture<>();
        Content.Source.consumeAll(request, Callback.from(() -> discarded.complete(null), discarded::completeExceptionally));
        discarded.orTimeout(BODY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, error) -> answered.send(reply));
    }

    private void process(Request request, byte[] body, Answer answered) {
        HttpFields headers = request.getHeaders();
        WebhookProcessor.Request webhook = new WebhookProcessor.Request(
                headers.get(WebhookProcessor.EVENT_HEADER), headers.get(WebhookProcessor.DELIVERY_HEADER),
                headers.get(WebhookProcessor.SIGNATURE_HEADER), headers.get(HttpHeader.CONTENT_TYPE),
                headers.get(HttpHeader.CONTENT_ENCODING), headers.get(WebhookProcessor.HOOK_ID_HEADER),
                headers.get(WebhookProcessor.TARGET_TYPE_HEADER), body);
        CompletableFuture<Reply> work;
        try {
            work = CompletableFuture.supplyAsync(() -> processor.process(webhook), workers);
        } catch (RejectedExecutionException e) {
            answered.send(new Reply(Outcome.OVERLOADED, "The router is overloaded; retry later."));
            return;
        }
        work.completeOnTimeout(new Reply(Outcome.UNAVAILABLE, "MongoDB is too slow: job not enqueued for now; "
                        + "it is redelivered once the queue is back."), PROCESSING_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> answered.send(error == null ? reply
                        : new Reply(Outcome.UNAVAILABLE, "The router failed on this delivery; retry later.")));
    }

    private static Reply bodyError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return new Reply(Outcome.TIMEOUT, "The request body did not arrive in time.");
        }
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
            return tooLarge(); // Jetty's "content too large" for bodies beyond MAX_BODY without a length
        }
        return new Reply(Outcome.BAD_REQUEST, "The request body could not be read.");
    }

    private static Reply tooLarge() {
        return new Reply(Outcome.TOO_LARGE, "Payload larger than " + MAX_BODY + " bytes.");
    }

    private static Reply notAllowed(String allowed) {
        return new Reply(Outcome.METHOD_NOT_ALLOWED, "Method not allowed; use " + allowed + ".");
    }

    private void metrics(Response response, Callback callback) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            metrics.write(out);
        } catch (IOException e) {
            answer(response, callback, new Reply(Outcome.UNAVAILABLE, "Metrics unavailable."));
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
    }

    private static void closeAfter(Response response) {
        response.getHeaders().put(new HttpField(HttpHeader.CONNECTION, "close"));
    }

    /** A webhook's one answer: the first reply sent wins (the deadline may overtake the work), and is counted. */
    private final class Answer {
        private final AtomicBoolean sent = new AtomicBoolean();
        private final Response response;
        private final Callback callback;
        private final long start;

        Answer(Response response, Callback callback, long start) {
            this.response = response;
            this.callback = callback;
            this.start = start;
        }

        void send(Reply reply) {
            if (sent.compareAndSet(false, true)) {
                metrics.request(reply.outcome(), System.nanoTime() - start);
                answer(response, callback, reply);
            }
        }
    }

    private static boolean answer(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (reply.outcome() == Outcome.METHOD_NOT_ALLOWED) {
            response.getHeaders().put(HttpHeader.ALLOW, reply.text().contains("POST") ? "POST" : "GET");
        }
        response.write(true, ByteBuffer.wrap((reply.text() + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
