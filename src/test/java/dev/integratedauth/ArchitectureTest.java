package dev.integratedauth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture of {@code src/main} (docs/architecture.md), as rules that fail the build: packages by feature
 * without cycles, the local Azure out of the product, and the Azure SDK's workarounds reached only through the
 * client producers of {@code azure}.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {"..issue..", "..verify..", "..expiry..", "..codes..",
            "..randomnumber..", "..health..", "..callers.."};
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.integratedauth");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.integratedauth.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void nothingInTheProductUsesTheLocalAzure() {
        noClasses().that().resideOutsideOfPackage("..localazure..")
                .should().dependOnClassesThat().resideInAPackage("..localazure..")
                .because("the local Azure is for dev mode and tests only").check(product);
    }

    @Test
    void featuresReachTheSdkWorkaroundsOnlyThroughTheClientProducers() {
        noClasses().that().resideOutsideOfPackages("..azure..", "..workarounds.azuresdk..")
                .should().dependOnClassesThat().resideInAPackage("..workarounds.azuresdk..")
                .because("every SDK client is built, with its workarounds, by azure.AzureClients").check(product);
    }

    @Test
    void theAzurePlumbingKnowsNoFeature() {
        noClasses().that().resideInAPackage("..azure..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(product);
    }

    @Test
    void theHttpEdgeAndTheWorkaroundsKnowNoFeature() {
        noClasses().that().resideInAnyPackage("..web..", "..workarounds..", "..common..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(product);
    }

    @Test
    void theCommonBuildingBlocksStandAlone() {
        noClasses().that().resideInAPackage("..common..")
                .should().dependOnClassesThat(resideInAPackage("dev.integratedauth..")
                        .and(not(resideInAPackage("..common.."))))
                .check(product);
    }
}
