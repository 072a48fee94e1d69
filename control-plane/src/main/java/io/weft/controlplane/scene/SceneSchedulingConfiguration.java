package io.weft.controlplane.scene;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The scheduler that runs schedule scenes: one thread, stopped with the application without waiting for runs. */
@Configuration(proxyBeanMethods = false)
public class SceneSchedulingConfiguration {

    @Bean
    ThreadPoolTaskScheduler sceneTaskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("weft-scene-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
