package io.weft.bench.mqtt;

import java.util.concurrent.CompletionException;

/** How a failed connect or publish is named in logs and reports: exception class and message. */
final class FailureReason {
    private FailureReason() {
    }

    static String of(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
