package io.weft.controlplane.flink;

import io.weft.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A Flink cluster driven through its REST API, the way an operator drives it: upload a job jar
 * ({@code POST /jars/upload}), run it ({@code POST /jars/{id}/run}, from a savepoint if given), stop a job with a
 * savepoint ({@code POST /jobs/{id}/stop}, then {@code GET /jobs/{id}/savepoints/{trigger}} until it completes),
 * cancel it, and read its state, record counts and last exception. A job's main run through {@code /jars/run}
 * executes inside the JobManager. Works the same against standalone's MiniCluster and a real session cluster.
 */
public final class FlinkRest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public FlinkRest(URI restAddress) {
        this.base = restAddress;
    }

    public URI address() {
        return base;
    }

    /** Uploads the jar and runs its entry class; returns the job id. */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) {
        return run(upload(jar), entryClass, args, parallelism, null, false);
    }

    /** Uploads a job jar; returns the id {@link #run} takes. The jar stays on the cluster until it restarts. */
    public String upload(Path jar) {
        String boundary = "weft-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read job jar " + jar, e);
        }
        JsonNode uploaded = send(HttpRequest.newBuilder(base.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String filename = uploaded.path("filename").asString();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's entry class; returns the job id. With a {@code savepointPath} the job starts from that
     * savepoint; {@code allowNonRestoredState} lets it start although some state in the savepoint belongs to no
     * operator of the new job (a changed query's operators).
     */
    public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath,
                      boolean allowNonRestoredState) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("entryClass", entryClass);
        run.put("programArgsList", args);
        run.put("parallelism", parallelism);
        if (savepointPath != null) {
            run.put("savepointPath", savepointPath);
            run.put("allowNonRestoredState", allowNonRestoredState);
        }
        JsonNode started = send(HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeString(run))));
        return started.path("jobid").asString();
    }

    /** The job's state: CREATED, RUNNING, FAILED, CANCELED, FINISHED, ... */
    public String state(String jobId) {
        return send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET()).path("state").asString();
    }

    /** The job's state; empty if the cluster does not know the job (it was never there, or the cluster restarted). */
    public Optional<String> findState(String jobId) {
        try {
            return Optional.of(state(jobId));
        } catch (FlinkRestException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (null: the cluster's default) (without draining: event-time windows are not fired
     * early) and waits until the savepoint is complete and the job has finished; returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        Map<String, Object> stop = new LinkedHashMap<>();
        if (targetDirectory != null && !targetDirectory.isBlank()) {
            stop.put("targetDirectory", targetDirectory);
        }
        stop.put("drain", false);
        String trigger = send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeString(stop))))
                .path("request-id").asString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/savepoints/" + trigger))
                    .GET());
            if ("COMPLETED".equals(status.path("status").path("id").asString())) {
                JsonNode operation = status.path("operation");
                if (operation.hasNonNull("location")) {
                    awaitEnded(jobId, deadline, timeout);
                    return operation.path("location").asString();
                }
                throw new IllegalStateException("stopping Flink job " + jobId + " with a savepoint failed: "
                        + firstLine(operation.path("failure-cause").path("stack-trace").asString("")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Flink job " + jobId + " did not stop with a savepoint within "
                        + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    /** Waits until the job has ended (its tasks are gone and their slots free), else fails at the deadline. */
    private void awaitEnded(String jobId, long deadline, Duration timeout) {
        while (!Set.of("FINISHED", "CANCELED", "FAILED").contains(state(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Flink job " + jobId + " did not end within " + timeout.toSeconds()
                        + " s of its savepoint");
            }
            pause();
        }
    }

    /**
     * How many records the job's operators took in: {@code in} sums the operators {@code source} accepts (by their
     * name), {@code out} those {@code sink} accepts (the metric {@code numRecordsIn} of each, over all subtasks).
     * Operator metrics count records also inside a chain, where the vertex counts (read-records, write-records) see
     * only records crossing the network.
     */
    public JobRecords records(String jobId, Predicate<String> source, Predicate<String> sink) {
        long in = 0;
        long out = 0;
        for (JsonNode vertex : send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET()).path("vertices")) {
            String metrics = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asString() + "/subtasks/metrics";
            StringBuilder wanted = new StringBuilder();
            for (JsonNode metric : send(HttpRequest.newBuilder(base.resolve(metrics)).GET())) {
                String id = metric.path("id").asString();
                if (id.endsWith(".numRecordsIn")) {
                    String operator = id.substring(0, id.length() - ".numRecordsIn".length());
                    if (source.test(operator) || sink.test(operator)) {
                        wanted.append(wanted.isEmpty() ? "" : ",").append(id);
                    }
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            for (JsonNode metric : send(HttpRequest.newBuilder(base.resolve(metrics + "?agg=sum&get="
                    + URLEncoder.encode(wanted.toString(), StandardCharsets.UTF_8))).GET())) {
                String id = metric.path("id").asString();
                String operator = id.substring(0, id.length() - ".numRecordsIn".length());
                long sum = (long) metric.path("sum").asDouble(0);
                if (source.test(operator)) {
                    in += sum;
                } else {
                    out += sum;
                }
            }
        }
        return new JobRecords(in, out);
    }

    /** The newest exception in the job's history: its name and first line; empty if it had none. */
    public Optional<String> lastException(String jobId) {
        JsonNode entries = send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/exceptions")).GET())
                .path("exceptionHistory").path("entries");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(firstLine(entries.get(0).path("stacktrace").asString(
                entries.get(0).path("exceptionName").asString(""))));
    }

    /** Records counted by {@link #records}. */
    public record JobRecords(long in, long out) {
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new FlinkRestException(response.statusCode(), "Flink REST " + response.request().method() + " "
                        + response.request().uri().getPath() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isBlank() ? Json.object() : Json.tree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Flink REST at " + base + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Flink answered with an error status. */
    public static final class FlinkRestException extends IllegalStateException {
        private final int status;

        FlinkRestException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
