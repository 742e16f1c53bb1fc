package dev.berth.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules the node agent's design rests on, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.berth.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheLinuxPackageTouchesJna = noClasses()
            .that().resideOutsideOfPackage("dev.berth.agent.linux..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
            .because("every kernel call goes through the Syscalls interface, so that it can be faked in tests");

    @ArchTest
    static final ArchRule theCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("dev.berth.agent.linux..", "dev.berth.agent.launch..",
                    "dev.berth.agent.rootfs..", "dev.berth.agent.cgroup..", "dev.berth.agent.image..",
                    "dev.berth.agent.stdio..", "dev.berth.agent.container..", "dev.berth.agent.network..",
                    "dev.berth.agent.console..", "dev.berth.agent.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..")
            .because("the runtime is blocking Java; WebFlux and Spring stay at the edge (api, config)");

    @ArchTest
    static final ArchRule nothingBelowTheEdgeKnowsTheApi = noClasses()
            .that().resideOutsideOfPackages("dev.berth.agent.api..", "dev.berth.agent.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.berth.agent.api..");
}
