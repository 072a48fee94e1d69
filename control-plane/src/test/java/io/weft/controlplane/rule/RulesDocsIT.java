package io.weft.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs the examples of "Managing rules over REST" in docs/rules.md, in order, against the real app: each
 * {@code ```http} block is a request sent as written (method, path, headers, body) and the {@code ```http-response}
 * block after it is the answer it must get: the status, every header shown (a media type as a prefix), and a JSON body
 * that has every field shown with the value shown ({@code "..."} is any value; arrays have exactly the elements
 * shown; fields not shown are not compared). The example product {@code a1thermo} is created first.
 */
class RulesDocsIT extends OnRealParts {
    private static final Path DOC = Path.of("..", "docs", "rules.md");
    private static final String SECTION = "## Managing rules over REST";

    private record Block(String lang, List<String> lines, int line) {
    }

    private record Message(String startLine, Map<String, String> headers, String body) {
    }

    @Test
    void everyRestExampleInRulesMd_getsTheAnswerTheDocShows() throws IOException {
        List<Block> blocks = section();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(10);
        Api.Reply product = api.post("/api/v1/products", "{\"productKey\":\"a1thermo\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + Thermostat.tsl() + "}");
        assertThat(product.status()).as(product.toString()).isEqualTo(201);

        for (int i = 0; i < blocks.size(); i += 2) {
            Block request = blocks.get(i);
            assertThat(request.lang()).as("rules.md:" + request.line()).isEqualTo("http");
            assertThat(i + 1).as("rules.md:" + request.line() + " has no http-response after it")
                    .isLessThan(blocks.size());
            Block response = blocks.get(i + 1);
            assertThat(response.lang()).as("rules.md:" + response.line()).isEqualTo("http-response");
            Api.Reply reply = send(message(request));
            expect(message(response), reply, "rules.md:" + request.line() + " " + request.lines().get(0));
        }
    }

    private Api.Reply send(Message request) {
        String[] start = request.startLine().split(" ");
        List<String> headers = new ArrayList<>();
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                headers.add(name);
                headers.add(value);
            }
        });
        return api.send(start[0], start[1], request.body().isEmpty() ? null : request.body(),
                headers.toArray(new String[0]));
    }

    private static void expect(Message expected, Api.Reply reply, String where) {
        int status = Integer.parseInt(expected.startLine().split(" ")[1]);
        assertThat(reply.status()).as(where + ": " + reply).isEqualTo(status);
        expected.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                assertThat(reply.contentType()).as(where + ": " + name).startsWith(value);
            } else {
                assertThat(reply.header(name)).as(where + ": " + name).isEqualTo(value);
            }
        });
        if (!expected.body().isEmpty()) {
            assertShown(Json.tree(expected.body()), reply.json(), where + ": " + reply.body() + "\n at ");
        }
    }

    /** {@code actual} has everything {@code shown} has. */
    private static void assertShown(JsonNode shown, JsonNode actual, String where) {
        if (shown.isString() && shown.asString().equals("...")) {
            assertThat(actual.isMissingNode()).as(where + " (any value, but present)").isFalse();
        } else if (shown.isObject()) {
            assertThat(actual.isObject()).as(where).isTrue();
            for (Map.Entry<String, JsonNode> field : shown.properties()) {
                assertThat(actual.has(field.getKey())).as(where + "." + field.getKey() + " is missing").isTrue();
                assertShown(field.getValue(), actual.get(field.getKey()), where + "." + field.getKey());
            }
        } else if (shown.isArray()) {
            assertThat(actual.isArray() && actual.size() == shown.size()).as(where + " has " + shown.size()
                    + " elements").isTrue();
            for (int i = 0; i < shown.size(); i++) {
                assertShown(shown.get(i), actual.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(where).isEqualTo(shown);
        }
    }

    /** A request or response: its first line, its headers, then (after an empty line) its body. */
    private static Message message(Block block) {
        List<String> lines = block.lines();
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            int colon = lines.get(i).indexOf(':');
            headers.put(lines.get(i).substring(0, colon).trim(), lines.get(i).substring(colon + 1).trim());
        }
        String body = i < lines.size() ? String.join("\n", lines.subList(i + 1, lines.size())).trim() : "";
        return new Message(lines.get(0).trim(), headers, body);
    }

    /** The fenced blocks of the section, in order. */
    private static List<Block> section() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(SECTION);
        assertThat(start).as(SECTION + " in docs/rules.md").isNotNegative();
        List<Block> blocks = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("```") && lines.get(i).length() > 3) {
                int end = i + 1;
                while (!lines.get(end).startsWith("```")) {
                    end++;
                }
                blocks.add(new Block(lines.get(i).substring(3).trim(), List.copyOf(lines.subList(i + 1, end)), i + 1));
                i = end;
            }
        }
        return blocks;
    }

    @Test
    void docsSection_namesEveryEndpointOfTheController() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(Arrays.asList("POST /api/v1/rules/validate", "POST /api/v1/rules", "GET /api/v1/rules/{id}",
                "PUT /api/v1/rules/{id}", "DELETE /api/v1/rules/{id}", "GET /api/v1/rules/{id}/versions",
                "GET /api/v1/rules/{id}/versions/{n}", "GET /api/v1/rules/{id}/deployment",
                "POST /api/v1/rules/{id}/start", "GET /api/v1/rules/{id}/status", "POST /api/v1/rules/{id}/dry-run",
                "POST /api/v1/rules/dry-run"))
                .allSatisfy(endpoint -> assertThat(doc).contains(endpoint));
    }
}
