package io.weft.controlplane.scene;

import io.weft.controlplane.rule.DesiredState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs the started schedule scenes of this control plane on their cron expressions ({@link CronTrigger} on the
 * {@code sceneTaskScheduler}); each run does the scene's actions ({@link ScheduledActions}). A run that fails is
 * counted and its error kept for the status; the next run happens at the next time anyway. Started scenes are
 * scheduled when the application is ready, and {@link #sync} follows each change.
 *
 * <p>Every control-plane replica runs every started schedule scene: with more than one replica, actions are done
 * once per replica (standalone Weft has one).
 */
@Component
public class SceneScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(SceneScheduler.class);
    private final TaskScheduler scheduler;
    private final SceneRepository scenes;
    private final ScheduledActions actions;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public SceneScheduler(TaskScheduler sceneTaskScheduler, SceneRepository scenes, ScheduledActions actions) {
        this.scheduler = sceneTaskScheduler;
        this.scenes = scenes;
        this.actions = actions;
    }

    /** What a schedule scene's status shows: its runs since it was scheduled here. */
    public record Runs(long runs, long failures, Instant lastRun, String lastError, Instant nextRun) {
    }

    private record Running(Scene scene, ScheduledFuture<?> future, AtomicLong runs, AtomicLong failures,
                           AtomicReference<Instant> lastRun, AtomicReference<String> lastError) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startAll() {
        scenes.startedSchedules().forEach(s -> schedule(s.scene()));
    }

    /** Makes the scheduler follow the stored scene {@code id}: scheduled when it is a started schedule, else not. */
    public synchronized void sync(String id) {
        Running old = running.remove(id);
        if (old != null) {
            old.future().cancel(false);
        }
        scenes.find(id).filter(s -> s.ruleId() == null && s.scheduleState() == DesiredState.STARTED)
                .ifPresent(s -> schedule(s.scene()));
    }

    /** The runs of a scheduled scene; empty counts and no next run when it is not scheduled here. */
    public Runs runs(String id) {
        Running r = running.get(id);
        if (r == null) {
            return new Runs(0, 0, null, null, null);
        }
        SceneTrigger.Schedule schedule = (SceneTrigger.Schedule) r.scene().trigger();
        ZonedDateTime next = CronExpression.parse(schedule.cron())
                .next(ZonedDateTime.now(ZoneId.of(schedule.timeZone())));
        return new Runs(r.runs().get(), r.failures().get(), r.lastRun().get(), r.lastError().get(),
                next == null ? null : next.toInstant());
    }

    private synchronized void schedule(Scene scene) {
        SceneTrigger.Schedule schedule = (SceneTrigger.Schedule) scene.trigger();
        AtomicLong runs = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<Instant> lastRun = new AtomicReference<>();
        AtomicReference<String> lastError = new AtomicReference<>();
        ScheduledFuture<?> future = scheduler.schedule(() -> {
            Instant now = Instant.now();
            try {
                actions.run(scene, now.toEpochMilli());
            } catch (Exception e) {
                failures.incrementAndGet();
                lastError.set(String.valueOf(e.getMessage()));
                LOG.warn("scene {}: a scheduled run failed: {}", scene.id(), e.toString());
            } finally {
                lastRun.set(now);
                runs.incrementAndGet();
            }
        }, new CronTrigger(schedule.cron(), ZoneId.of(schedule.timeZone())));
        running.put(scene.id(), new Running(scene, future, runs, failures, lastRun, lastError));
    }
}
