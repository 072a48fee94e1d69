package io.weft.flinkjobs.rules.sink;

import io.weft.core.json.Json;
import io.weft.core.rule.Destination;
import io.weft.flinkjobs.rules.RuleResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs each result of a rule to a {@link Destination.Webhook}, asynchronously: the result JSON as the body,
 * {@code Content-Type: application/json} and the destination's headers. A call that fails (no answer within
 * {@link #CALL_TIMEOUT}, or a status that is not 2xx) is retried after {@code initialBackoffMs}, then twice that,
 * and so on, up to {@code maxAttempts} calls in all; then the result becomes a dead letter on the rule's error
 * topic (see {@link #deadLetter}). Never a silent drop: the function emits nothing for a delivered result and
 * exactly one dead letter for one that was not.
 *
 * <p>Guarantee: at least once per result. Results waiting for their call are part of the checkpoint and are called
 * again after a restart, so a receiver may see a result twice; it can deduplicate on the result's fields (a rule
 * that needs it can output {@code messageId()}). Dead letters go through the job's exactly-once Kafka sink.
 */
public final class WebhookCall extends RichAsyncFunction<RuleResult, Outbound> {
    /** How long one call may take before it counts as failed. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final HashMap<String, String> headers;
    private final int maxAttempts;
    private final long initialBackoffMs;
    private final String errorTopic;
    private transient ExecutorService executor;
    private transient HttpClient http;
    private transient Counter retries;
    private transient Counter deadLetters;

    public WebhookCall(Destination.Webhook webhook, String errorTopic) {
        this.url = webhook.url();
        this.headers = new HashMap<>(webhook.headers());
        this.maxAttempts = webhook.maxAttempts();
        this.initialBackoffMs = webhook.initialBackoffMs();
        this.errorTopic = errorTopic;
    }

    /** The most time all calls of one result can take, with their backoffs: the async operator's timeout. */
    public static long totalTimeoutMs(Destination.Webhook webhook) {
        long backoff = 0;
        for (int attempt = 1; attempt < webhook.maxAttempts(); attempt++) {
            backoff += backoffMs(webhook.initialBackoffMs(), attempt);
        }
        return webhook.maxAttempts() * CALL_TIMEOUT.toMillis() + backoff + 5_000;
    }

    @Override
    public void open(OpenContext context) {
        // The client's own threads, so close() can stop them (HttpClient.close() is Java 21).
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-" + url);
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).executor(executor).build();
        retries = getRuntimeContext().getMetricGroup().counter("webhookRetries");
        deadLetters = getRuntimeContext().getMetricGroup().counter("webhookDeadLetters");
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(RuleResult result, ResultFuture<Outbound> out) {
        attempt(result, out, 1);
    }

    private void attempt(RuleResult result, ResultFuture<Outbound> out, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(result.json(), StandardCharsets.UTF_8));
        headers.forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                out.complete(Collections.emptyList());
                return;
            }
            String failure = error != null ? String.valueOf(error.getCause() != null ? error.getCause() : error)
                    : "HTTP " + response.statusCode();
            if (attempt >= maxAttempts) {
                deadLetters.inc();
                out.complete(List.of(deadLetter(result, attempt, failure)));
                return;
            }
            retries.inc();
            CompletableFuture.delayedExecutor(backoffMs(initialBackoffMs, attempt), TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(result, out, attempt + 1));
        });
    }

    @Override
    public void timeout(RuleResult result, ResultFuture<Outbound> out) {
        deadLetters.inc();
        out.complete(List.of(deadLetter(result, -1, "timed out after " + totalTimeoutMs(
                new Destination.Webhook(url, headers, maxAttempts, initialBackoffMs)) + " ms")));
    }

    /** The wait before call {@code attempt + 1}: {@code initial * 2^(attempt-1)}, at most 5 minutes. */
    static long backoffMs(long initialBackoffMs, int attempt) {
        return Math.min(300_000L, initialBackoffMs << Math.min(attempt - 1, 20));
    }

    /**
     * {@code {"ruleId", "destination": "webhook", "url", "attempts", "error", "result": {...}}} on the error topic,
     * keyed like the result ({@code pk/dn}, or the rule's id). {@code attempts} is -1 when the calls timed out as a
     * whole.
     */
    Outbound deadLetter(RuleResult result, int attempts, String error) {
        ObjectNode letter = Json.object();
        letter.put("ruleId", result.ruleId());
        letter.put("destination", "webhook");
        letter.put("url", url);
        letter.put("attempts", attempts);
        letter.put("error", error);
        letter.set("result", Json.tree(result.json()));
        String key = result.deviceName() == null ? result.ruleId() : result.productKey() + "/" + result.deviceName();
        return new Outbound(errorTopic, key, Json.MAPPER.writeValueAsBytes(letter));
    }
}
