package dev.berth.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules the gateway's design rests on, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.berth.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("dev.berth.gateway.tenant..", "dev.berth.gateway.token..",
                    "dev.berth.gateway.auth..", "dev.berth.gateway.db..", "dev.berth.gateway.metrics..",
                    "dev.berth.gateway.quota..", "dev.berth.gateway.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
            .because("tenants, tokens, authentication, quotas and the audit log are blocking Java; WebFlux and the"
                    + " gateway stay at the edge");

    @ArchTest
    static final ArchRule nothingBelowTheEdgeKnowsTheApi = noClasses()
            .that().resideOutsideOfPackages("dev.berth.gateway.api..", "dev.berth.gateway.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.berth.gateway.api..");

    @ArchTest
    static final ArchRule routesDoNotReachTheStores = noClasses()
            .that().resideInAPackage("dev.berth.gateway.route..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.berth.gateway.db..",
                    "dev.berth.gateway.token.TokenStore", "dev.berth.gateway.tenant.TenantStore",
                    "dev.berth.gateway.quota.QuotaStore", "dev.berth.gateway.audit..");
}
