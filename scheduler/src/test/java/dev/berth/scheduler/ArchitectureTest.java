package dev.berth.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules the scheduler's design rests on, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.berth.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("dev.berth.scheduler.spec..", "dev.berth.scheduler.placement..",
                    "dev.berth.scheduler.cluster..", "dev.berth.scheduler.desired..", "dev.berth.scheduler.rollout..",
                    "dev.berth.scheduler.reconcile..", "dev.berth.scheduler.leader..", "dev.berth.scheduler.changes..",
                    "dev.berth.scheduler.db..",
                    "dev.berth.scheduler.metrics..", "dev.berth.scheduler.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
            .because("placement, the desired state and reconciliation are plain Java; Spring stays at the edge");

    @ArchTest
    static final ArchRule decisionsDoNotTouchTheDatabase = noClasses()
            .that().resideInAnyPackage("dev.berth.scheduler.placement..", "dev.berth.scheduler.rollout..",
                    "dev.berth.scheduler.spec..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
                    "dev.berth.scheduler.db..", "dev.berth.db..")
            .because("placement and rollout planning are pure functions of what they are given, tested without a"
                    + " database and benchmarked in memory");

    @ArchTest
    static final ArchRule nothingBelowTheEdgeKnowsTheApi = noClasses()
            .that().resideOutsideOfPackages("dev.berth.scheduler.api..", "dev.berth.scheduler.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.berth.scheduler.api..",
                    "dev.berth.scheduler.config..");
}
