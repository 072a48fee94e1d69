package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The REST examples of one section of a doc, run in order against the real app: each {@code ```http} block is a
 * request sent as written (method, path, headers, body) and the {@code ```http-response} block after it is the answer
 * it must get: the status, every header shown (a media type as a prefix), and a JSON body that has every field shown
 * with the value shown ({@code "..."} is any value; arrays have exactly the elements shown; fields not shown are not
 * compared). Other blocks of the section are skipped.
 */
public final class HttpExamples {
    private final Path doc;
    private final String section;

    private record Block(String lang, List<String> lines, int line) {
    }

    private record Message(String startLine, Map<String, String> headers, String body) {
    }

    /** The examples of {@code section} (a heading line such as {@code ## Scene linkage}) up to the next {@code ## }. */
    public HttpExamples(Path doc, String section) {
        this.doc = doc;
        this.section = section;
    }

    /** Runs every example; returns how many requests were sent. */
    public int run(Api api) throws IOException {
        List<Block> blocks = blocks().stream().filter(b -> b.lang().startsWith("http")).toList();
        String name = doc.getFileName().toString();
        for (int i = 0; i < blocks.size(); i += 2) {
            Block request = blocks.get(i);
            assertThat(request.lang()).as(name + ":" + request.line()).isEqualTo("http");
            assertThat(i + 1).as(name + ":" + request.line() + " has no http-response after it")
                    .isLessThan(blocks.size());
            Block response = blocks.get(i + 1);
            assertThat(response.lang()).as(name + ":" + response.line()).isEqualTo("http-response");
            Api.Reply reply = send(api, message(request));
            expect(message(response), reply, name + ":" + request.line() + " " + request.lines().get(0));
        }
        return blocks.size() / 2;
    }

    private static Api.Reply send(Api api, Message request) {
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
    private List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf(section);
        assertThat(start).as(section + " in " + doc).isNotNegative();
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
}
