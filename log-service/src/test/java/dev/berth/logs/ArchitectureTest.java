package dev.berth.logs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules the service's design rests on, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.berth.logs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("dev.berth.logs.ingest..", "dev.berth.logs.store..", "dev.berth.logs.query..",
                    "dev.berth.logs.retention..", "dev.berth.logs.db..", "dev.berth.logs.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
            .because("ingestion, storage and queries are blocking Java; WebFlux and Spring stay at the edge");

    @ArchTest
    static final ArchRule nothingBelowTheEdgeKnowsTheApi = noClasses()
            .that().resideOutsideOfPackages("dev.berth.logs.api..", "dev.berth.logs.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.berth.logs.api..");
}
