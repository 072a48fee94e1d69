package io.weft.standalone;

import io.weft.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Submits a job jar to a Flink cluster the way an operator does: {@code POST /jars/upload}, then
 * {@code POST /jars/{id}/run}. The job's main runs inside the JobManager. Works the same against the standalone
 * MiniCluster and a real session cluster.
 */
public final class FlinkRestSubmitter {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public FlinkRestSubmitter(URI restAddress) {
        this.base = restAddress;
    }

    /** Uploads the jar and runs its entry class; returns the job id. */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) {
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
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);
        String run = Json.writeString(Map.of("entryClass", entryClass, "programArgsList", args,
                "parallelism", parallelism));
        JsonNode started = send(HttpRequest.newBuilder(base.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(run)));
        return started.path("jobid").asString();
    }

    /** The job's state: CREATED, RUNNING, FAILED, CANCELED, ... */
    public String state(String jobId) {
        return send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET()).path("state").asString();
    }

    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Flink REST " + response.request().method() + " "
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
}
