package dev.berth.scheduler.config;

import dev.berth.db.Database;
import dev.berth.scheduler.changes.ChangeFeed;
import dev.berth.scheduler.cluster.NodeRegistry;
import dev.berth.scheduler.db.ConnectionFactory;
import dev.berth.scheduler.db.DatabaseException;
import dev.berth.scheduler.desired.AppStore;
import dev.berth.scheduler.desired.Assignments;
import dev.berth.scheduler.events.EventLog;
import dev.berth.scheduler.leader.LeaderElection;
import dev.berth.scheduler.metrics.SchedulerMetrics;
import dev.berth.scheduler.placement.Placer;
import dev.berth.scheduler.reconcile.PlacementRound;
import dev.berth.scheduler.reconcile.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the scheduler's parts from its settings. Everything below this class is plain Java. */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SchedulerConfiguration.class);

    @Bean
    Database database(DataSource dataSource) {
        return new Database(dataSource, DatabaseException::new);
    }

    @Bean
    SchedulerMetrics schedulerMetrics(MeterRegistry meters) {
        return new SchedulerMetrics(meters);
    }

    @Bean
    NodeRegistry nodeRegistry(Database db) {
        return new NodeRegistry(db);
    }

    @Bean
    AppStore appStore(Database db) {
        return new AppStore(db);
    }

    @Bean
    Assignments assignments(Database db) {
        return new Assignments(db);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    LeaderElection leaderElection(Environment environment, SchedulerProperties properties, SchedulerMetrics metrics) {
        // Outside the pool: the lock lives as long as this one session, which nothing else may close or reuse.
        return new LeaderElection(ownConnections(environment), properties.schema(), identity(environment),
                properties.leaderRetry(), metrics::leading);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    ChangeFeed changeFeed(Environment environment, SchedulerProperties properties) {
        // Outside the pool too: LISTEN belongs to a session, which waits on the socket between notifications.
        return new ChangeFeed(ownConnections(environment), properties.schema(), Duration.ofSeconds(1));
    }

    /** Connections with the pool's address and role, each a session of its own. */
    private static ConnectionFactory ownConnections(Environment environment) {
        String url = environment.getRequiredProperty("spring.datasource.url");
        String user = environment.getProperty("spring.datasource.username", "");
        String password = environment.getProperty("spring.datasource.password", "");
        return () -> DriverManager.getConnection(url, user, password);
    }

    @Bean
    Reconciler reconciler(Database db, NodeRegistry nodes, LeaderElection leader, SchedulerMetrics metrics,
                          SchedulerProperties properties) {
        PlacementRound placement = new PlacementRound(db, Placer.standard(properties.strategy()), metrics, leader);
        return new Reconciler(db, nodes, placement, leader, metrics, properties.nodeGrace());
    }

    @Bean
    EventLog eventLog(Database db) {
        return new EventLog(db);
    }

    @Bean(destroyMethod = "close")
    EventRetention eventRetention(EventLog events, LeaderElection leader, SchedulerProperties properties) {
        return new EventRetention(events, leader, properties.events().retention(), Duration.ofMinutes(1));
    }

    @Bean(destroyMethod = "close")
    ReconcileLoop reconcileLoop(Reconciler reconciler, LeaderElection leader, SchedulerProperties properties) {
        log.info("scheduler ready: schema {}, node grace {}, {} placement, reconciling every {} while leading",
                properties.schema(), properties.nodeGrace(), properties.strategy(), properties.reconcileInterval());
        return new ReconcileLoop(reconciler, leader, properties.reconcileInterval());
    }

    private static String identity(Environment environment) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "scheduler@" + host + ":" + environment.getProperty("server.port", "7740") + "/"
                + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
