package dev.berth.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules the registry's design rests on, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.berth.registry", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("dev.berth.registry.oci..", "dev.berth.registry.blob..",
                    "dev.berth.registry.upload..", "dev.berth.registry.manifest..", "dev.berth.registry.repository..",
                    "dev.berth.registry.gc..", "dev.berth.registry.search..", "dev.berth.registry.db..",
                    "dev.berth.registry.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
            .because("storage, manifests, uploads and GC are blocking Java; WebFlux and Spring stay at the edge");

    @ArchTest
    static final ArchRule nothingBelowTheEdgeKnowsTheApi = noClasses()
            .that().resideOutsideOfPackages("dev.berth.registry.api..", "dev.berth.registry.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.berth.registry.api..");

    @ArchTest
    static final ArchRule onlyTheStoreKnowsFiles = noClasses()
            .that().resideInAnyPackage("dev.berth.registry.upload..", "dev.berth.registry.gc..",
                    "dev.berth.registry.manifest..")
            .should().dependOnClassesThat().haveSimpleName("FilesystemBlobStore")
            .because("everything goes through the BlobStore roles, so that another kind of store can take its place");
}
