package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;

/**
 * What the alert job keeps per alert key: the key's latest alert (open or cleared), when its alerts were cleared
 * recently (for the {@link FlapPolicy}), whether the last raise-or-clear signal was a raise, who sent the last
 * clear held while flapping, and when the key counts as stable again (0: no such moment pending).
 */
public record KeyState(Alert last, long[] clearedAt, boolean raised, String heldClearBy, long stableAt) {

    public static final KeyState EMPTY = new KeyState(null, new long[0], false, null, 0);

    /** The key's open (or acknowledged) alert; null when there is none. */
    public Alert open() {
        return last != null && last.isOpen() ? last : null;
    }
}
