package io.weft.controlplane.scene;

import io.weft.controlplane.rule.DesiredState;
import io.weft.controlplane.rule.supervision.RuleJobStatus;
import io.weft.controlplane.rule.supervision.RuleSupervisor;
import io.weft.core.rule.Destination;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scenes over REST (docs/rules.md, "Scene linkage"). A change to a rule scene redeploys its rule's group (answering
 * once the job runs, as the rules API does); a change to a schedule scene reschedules it.
 */
@RestController
@RequestMapping("/api/v1/scenes")
public class SceneController {
    private final SceneService scenes;
    private final RuleSupervisor supervisor;
    private final SceneScheduler scheduler;

    public SceneController(SceneService scenes, RuleSupervisor supervisor, SceneScheduler scheduler) {
        this.scenes = scenes;
        this.supervisor = supervisor;
        this.scheduler = scheduler;
    }

    @PostMapping
    public ResponseEntity<SceneView> create(@RequestBody SceneRequest request) {
        SceneService.Current created = scenes.create(request);
        return ResponseEntity.created(URI.create("/api/v1/scenes/" + created.stored().scene().id()))
                .body(SceneView.of(created));
    }

    @GetMapping
    public List<SceneView> list() {
        return scenes.list().stream().map(SceneView::of).toList();
    }

    @GetMapping("/{id}")
    public SceneView get(@PathVariable String id) {
        return SceneView.of(scenes.get(id));
    }

    @PutMapping("/{id}")
    public SceneView update(@PathVariable String id, @RequestBody SceneRequest request) {
        return followed(scenes.update(id, request));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id) {
        String ruleId = scenes.delete(id);
        if (ruleId != null) {
            supervisor.ruleChanged(ruleId);
        }
        scheduler.sync(id);
    }

    @PostMapping("/{id}/start")
    public SceneView start(@PathVariable String id) {
        return followed(scenes.start(id));
    }

    @PostMapping("/{id}/stop")
    public SceneView stop(@PathVariable String id) {
        return followed(scenes.stop(id));
    }

    /**
     * A rule scene's status is its rule's ({@code rule}: the rule job's status); a schedule scene's is its runs in
     * this control plane ({@code schedule}).
     */
    @GetMapping("/{id}/status")
    public SceneStatus status(@PathVariable String id) {
        SceneService.Current scene = scenes.get(id);
        String ruleId = scene.stored().ruleId();
        if (ruleId != null) {
            return new SceneStatus(id, state(scene), ruleId, scene.rule() == null ? null : supervisor.status(ruleId),
                    null);
        }
        return new SceneStatus(id, state(scene), null, null, scheduler.runs(id));
    }

    /** Makes the rule jobs or the scheduler follow a committed change; the scene as it is then. */
    private SceneView followed(SceneService.Current scene) {
        if (scene.stored().ruleId() != null) {
            supervisor.ruleChanged(scene.stored().ruleId());
        } else {
            scheduler.sync(scene.stored().scene().id());
        }
        return SceneView.of(scene);
    }

    private static DesiredState state(SceneService.Current scene) {
        if (scene.stored().ruleId() == null) {
            return scene.stored().scheduleState();
        }
        return scene.rule() == null ? DesiredState.STOPPED : scene.rule().desiredState();
    }

    /** What {@code GET /{id}/status} answers. */
    public record SceneStatus(String id, DesiredState state, String ruleId, RuleJobStatus rule,
                              SceneScheduler.Runs schedule) {
    }

    /**
     * A scene as the API shows it: its definition, its version, its state, and for a rule scene its rule's id and
     * the SQL it runs.
     */
    public record SceneView(String id, int version, String name, String description, SceneTrigger trigger,
                            List<SceneCondition> conditions, List<Destination> actions, Destination errorDestination,
                            DesiredState state, String ruleId, String sql, Instant createdAt, Instant updatedAt) {
        static SceneView of(SceneService.Current current) {
            Scene s = current.stored().scene();
            return new SceneView(s.id(), current.stored().version(), s.name(), s.description(), s.trigger(),
                    s.conditions(), s.actions(), s.errorDestination(), SceneController.state(current),
                    current.stored().ruleId(),
                    current.rule() == null ? null : current.rule().current().definition().sql(),
                    current.stored().createdAt(), current.stored().updatedAt());
        }
    }
}
