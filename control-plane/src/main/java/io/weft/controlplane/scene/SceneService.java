package io.weft.controlplane.scene;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.rule.DesiredState;
import io.weft.controlplane.rule.FieldProblem;
import io.weft.controlplane.rule.RuleRequest;
import io.weft.controlplane.rule.RuleService;
import io.weft.controlplane.rule.StoredRule;
import io.weft.core.json.Json;
import io.weft.core.rule.Destination;
import java.security.SecureRandom;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scenes. A property, event or status scene is stored with the Alibaba-dialect rule it owns ({@code scene_{id}}: its
 * generated SQL ({@link SceneSql}), its actions as destinations), written and checked through {@link RuleService} in
 * the same transaction, so the scene runs on Flink like any rule and its start, stop and state are its rule's. A
 * schedule scene's state is its own, and {@link SceneScheduler} runs it. Callers make the rule jobs and the scheduler
 * follow a change once it is committed ({@link io.weft.controlplane.rule.supervision.RuleSupervisor#ruleChanged},
 * {@link SceneScheduler#sync}).
 */
@Service
public class SceneService {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final SecureRandom random = new SecureRandom();
    private final SceneRepository scenes;
    private final SceneReader reader;
    private final RuleService rules;

    public SceneService(SceneRepository scenes, SceneReader reader, RuleService rules) {
        this.scenes = scenes;
        this.reader = reader;
        this.rules = rules;
    }

    /** A scene with its rule (null for a schedule scene). */
    public record Current(StoredScene stored, StoredRule rule) {
    }

    @Transactional
    public Current create(SceneRequest request) {
        String id = request.id() == null ? generateId() : request.id();
        Scene scene = reader.read(id, request);
        if (scenes.find(id).isPresent()) {
            throw ApiException.conflict("scene " + id + " already exists");
        }
        String ruleId = null;
        if (scene.runsAsRule()) {
            ruleId = Scene.ruleId(id);
            asScene(() -> rules.create(ruleRequest(scene)));
        }
        if (!scenes.insert(scene, ruleId)) {
            throw ApiException.conflict("scene " + id + " already exists");
        }
        return get(id);
    }

    /** Replaces the scene's definition; a rule scene's rule gets it as its next version. */
    @Transactional
    public Current update(String id, SceneRequest request) {
        StoredScene old = scenes.lock(id).orElseThrow(() -> notFound(id));
        if (request.id() != null && !request.id().equals(id)) {
            throw SceneReader.invalid(List.of(new FieldProblem("id", "is " + id + ", the scene's id in the path; "
                    + "a scene's id cannot change")));
        }
        Scene scene = reader.read(id, request);
        if (scene.runsAsRule() != old.scene().runsAsRule()) {
            throw SceneReader.invalid(List.of(new FieldProblem("trigger.type", "a scene cannot change between a "
                    + "schedule and a device trigger (it would move from the control plane to a rule job); delete "
                    + "it and create a new one")));
        }
        if (scene.runsAsRule()) {
            asScene(() -> rules.update(old.ruleId(), ruleRequest(scene), null));
        }
        scenes.update(scene);
        return get(id);
    }

    /** Deletes the scene and its rule; returns the rule's id (null for a schedule scene). */
    @Transactional
    public String delete(String id) {
        StoredScene old = scenes.lock(id).orElseThrow(() -> notFound(id));
        if (old.ruleId() != null && rules.exists(old.ruleId())) {
            rules.delete(old.ruleId(), null);
        }
        scenes.delete(id);
        return old.ruleId();
    }

    /**
     * Records that the scene should run: a rule scene's rule is started (409 when it no longer compiles, 503 when this
     * control plane runs no rule jobs); a schedule scene is marked started.
     */
    @Transactional
    public Current start(String id) {
        StoredScene scene = scenes.lock(id).orElseThrow(() -> notFound(id));
        if (scene.ruleId() != null) {
            rules.start(scene.ruleId(), null);
        } else {
            scenes.setScheduleState(id, DesiredState.STARTED);
        }
        return get(id);
    }

    @Transactional
    public Current stop(String id) {
        StoredScene scene = scenes.lock(id).orElseThrow(() -> notFound(id));
        if (scene.ruleId() != null) {
            rules.stop(scene.ruleId(), null);
        } else {
            scenes.setScheduleState(id, DesiredState.STOPPED);
        }
        return get(id);
    }

    @Transactional(readOnly = true)
    public Current get(String id) {
        StoredScene scene = scenes.find(id).orElseThrow(() -> notFound(id));
        return new Current(scene, scene.ruleId() == null || !rules.exists(scene.ruleId()) ? null
                : rules.get(scene.ruleId()));
    }

    @Transactional(readOnly = true)
    public List<Current> list() {
        return scenes.list().stream().map(s -> new Current(s, s.ruleId() == null || !rules.exists(s.ruleId())
                ? null : rules.get(s.ruleId()))).toList();
    }

    /** The rule a rule scene runs as: named as the scene, in Alibaba's dialect, its actions as destinations. */
    static RuleRequest ruleRequest(Scene scene) {
        String productKey = productKey(scene.trigger());
        return new RuleRequest(Scene.ruleId(scene.id()), scene.name(), "alibaba", productKey, SceneSql.of(scene),
                Json.MAPPER.valueToTree(scene.actions().toArray(new Destination[0])),
                scene.errorDestination() == null ? null : Json.MAPPER.valueToTree(scene.errorDestination()));
    }

    private static String productKey(SceneTrigger trigger) {
        if (trigger instanceof SceneTrigger.Property p) {
            return p.productKey();
        }
        if (trigger instanceof SceneTrigger.Event e) {
            return e.productKey();
        }
        return ((SceneTrigger.Status) trigger).productKey();
    }

    /**
     * Runs a change of the scene's rule; a rule refused as invalid is the scene's refusal: its SQL problems as they
     * are (the SQL is the scene's generated one) and its other errors at the scene's paths ({@code destinations}
     * become {@code actions}).
     */
    private static void asScene(Runnable change) {
        try {
            change.run();
        } catch (ApiException e) {
            if (e.status() != HttpStatus.BAD_REQUEST || !(e.extra() instanceof List<?> errors)) {
                throw e;
            }
            List<Object> renamed = errors.stream().map(o -> o instanceof FieldProblem p
                    ? new FieldProblem(p.path().replaceFirst("^destinations", "actions"), p.reason()) : o).toList();
            String detail = renamed.isEmpty() ? e.getMessage() : renamed.get(0).toString();
            Object problems = e.properties().get("problems");
            if (problems instanceof List<?> list && !list.isEmpty()) {
                detail = e.getMessage();
            }
            ApiException scene = new ApiException(HttpStatus.BAD_REQUEST, SceneReader.TITLE, detail, renamed);
            e.properties().forEach(scene::with);
            throw scene;
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("scene " + id);
    }

    /** "s" and 11 letters and digits that cannot be misread. */
    private String generateId() {
        StringBuilder id = new StringBuilder("s");
        for (int i = 0; i < 11; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
