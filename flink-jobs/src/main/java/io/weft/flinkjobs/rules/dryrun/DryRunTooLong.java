package io.weft.flinkjobs.rules.dryrun;

import java.time.Duration;

/** A dry run that did not finish within its limit and was cancelled. */
public final class DryRunTooLong extends RuntimeException {

    public DryRunTooLong(Duration limit) {
        super("the dry run did not finish within " + limit.toMillis() + " ms and was cancelled; dry-run a shorter"
                + " range or fewer messages");
    }
}
