package io.weft.ingest.acl;

/** MQTT topic-filter syntax and matching (MQTT 3.1.1 section 4.7). */
public final class TopicFilters {
    private TopicFilters() {
    }

    /** A well-formed filter: {@code #} only as a whole last level, {@code +} only as a whole level, no U+0000. */
    public static boolean valid(String filter) {
        if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** A topic name a client may publish on: non-empty, no wildcards, no U+0000. */
    public static boolean validTopicName(String topic) {
        return topic != null && !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0
                && topic.indexOf('\u0000') < 0;
    }

    /** MQTT matching; a filter starting with a wildcard never matches a topic starting with {@code $}. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
