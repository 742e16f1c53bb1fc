package dev.berth.logs.config;

import dev.berth.db.Database;
import dev.berth.logs.db.DatabaseException;
import dev.berth.logs.ingest.Ingestor;
import dev.berth.logs.metrics.LogMetrics;
import dev.berth.logs.query.LogQueries;
import dev.berth.logs.query.QueryParser;
import dev.berth.logs.retention.Retention;
import dev.berth.logs.store.Partitions;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the service's parts from its settings. Everything below this class is plain Java. */
@Configuration(proxyBeanMethods = false)
class LogConfiguration {
    private static final Logger log = LoggerFactory.getLogger(LogConfiguration.class);

    @Bean
    Database database(DataSource dataSource) {
        return new Database(dataSource, DatabaseException::new);
    }

    @Bean
    LogMetrics logMetrics(MeterRegistry meters) {
        return new LogMetrics(meters);
    }

    @Bean
    @DependsOnDatabaseInitialization // the schema is Flyway's to make first
    Partitions partitions(Database db, LogProperties properties) {
        Partitions partitions = new Partitions(db);
        partitions.ensureAhead(properties.retention().daysAhead());
        return partitions;
    }

    @Bean
    Ingestor ingestor(Database db, Partitions partitions, LogMetrics metrics, LogProperties properties) {
        return new Ingestor(db, partitions, metrics, (int) properties.chunkSize().toBytes(),
                (int) properties.ingest().maxRecord().toBytes());
    }

    @Bean
    LogQueries logQueries(Database db, LogProperties properties) {
        return new LogQueries(db, (int) properties.query().maxLine().toBytes(),
                properties.query().partialLineDelay().toNanos());
    }

    @Bean
    QueryParser queryParser(LogProperties properties) {
        return new QueryParser(properties.query().maxTail());
    }

    @Bean
    Retention retention(Database db, Partitions partitions, LogMetrics metrics, LogProperties properties) {
        return new Retention(db, partitions, metrics, properties.retention().defaultDays(),
                properties.retention().daysAhead());
    }

    @Bean(destroyMethod = "close")
    RetentionSchedule retentionSchedule(Retention retention, LogProperties properties) {
        log.info("log-service ready: schema {}, chunks of {}, retention {} days by default, run every {}",
                properties.schema(), properties.chunkSize(), properties.retention().defaultDays(),
                properties.retention().interval());
        return new RetentionSchedule(retention, properties.retention().interval());
    }
}
