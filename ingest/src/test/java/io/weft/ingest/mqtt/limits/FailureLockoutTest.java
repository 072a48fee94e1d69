package io.weft.ingest.mqtt.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failures in a window lock a key out for a cool-down; on a clock the test moves. */
class FailureLockoutTest {
    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final FailureLockout<String> lockout =
            new FailureLockout<>(3, Duration.ofSeconds(60), Duration.ofSeconds(300), now::get);

    @Test
    void fail_whenMaxFailuresWithinWindow_thenLockedOutForTheCoolDown() {
        assertThat(lockout.fail("a")).isFalse();
        assertThat(lockout.fail("a")).isFalse();
        assertThat(lockout.lockedOut("a")).isFalse();
        assertThat(lockout.fail("a")).as("the third failure locks").isTrue();
        assertThat(lockout.lockedOut("a")).isTrue();
        assertThat(lockout.lockedOut("b")).isFalse();

        advance(Duration.ofSeconds(299));
        assertThat(lockout.lockedOut("a")).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(lockout.lockedOut("a")).isFalse();
        assertThat(lockout.fail("a")).as("after the cool-down it starts from zero").isFalse();
    }

    @Test
    void fail_whenFailuresSpreadOverMoreThanTheWindow_thenNeverLocked() {
        lockout.fail("a");
        lockout.fail("a");
        advance(Duration.ofSeconds(60));
        assertThat(lockout.fail("a")).as("the window expired: this is the first of a new one").isFalse();
        lockout.fail("a");
        assertThat(lockout.lockedOut("a")).isFalse();
        assertThat(lockout.fail("a")).isTrue();
    }

    @Test
    void expireIdle_whenWindowAndLockoutOver_thenKeyForgotten() {
        lockout.fail("passing");
        lockout.fail("locked");
        lockout.fail("locked");
        lockout.fail("locked");
        advance(Duration.ofSeconds(60));
        lockout.expireIdle();
        assertThat(lockout.keys()).as("only the locked key is kept").isEqualTo(1);

        advance(Duration.ofSeconds(240));
        lockout.expireIdle();
        assertThat(lockout.keys()).isZero();
    }

    @Test
    void fail_whenManyKeysFailOnceAndIdle_thenMemoryStaysBounded() {
        for (int i = 0; i < 5 * FailureLockout.SWEEP_EVERY; i++) {
            lockout.fail("key-" + i);
            advance(Duration.ofMillis(100));
        }
        assertThat(lockout.keys()).as("a key is forgotten 60 s (600 failures here) after its failure")
                .isLessThanOrEqualTo(600 + FailureLockout.SWEEP_EVERY);
        advance(Duration.ofSeconds(60));
        lockout.expireIdle();
        assertThat(lockout.keys()).isZero();
    }

    @Test
    void fail_whenMaxZero_thenNeverLockedAndNothingTracked() {
        FailureLockout<String> off = new FailureLockout<>(0, Duration.ZERO, Duration.ZERO, now::get);
        for (int i = 0; i < 1000; i++) {
            off.fail("a");
        }
        assertThat(off.lockedOut("a")).isFalse();
        assertThat(off.keys()).isZero();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
