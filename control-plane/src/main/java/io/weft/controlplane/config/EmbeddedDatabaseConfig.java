package io.weft.controlplane.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An embedded PostgreSQL (zonky) when {@code weft.database.embedded} is true, the default: data survives restarts
 * in {@code weft.database.directory}. Set it to false and configure {@code spring.datasource.url} for a real one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "weft.database.embedded", havingValue = "true", matchIfMissing = true)
public class EmbeddedDatabaseConfig {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(WeftProperties properties) throws IOException {
        Path directory = Path.of(properties.database().directory()).toAbsolutePath();
        Files.createDirectories(directory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(properties.database().port())
                .start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(8);
        return dataSource;
    }
}
