package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.args.UsageException;
import org.junit.jupiter.api.Test;

/** {@code service scale}'s {@code APP/SERVICE=N} and {@code service ps}'s {@code APP[/SERVICE]}. */
class ScaleTargetTest {

    @Test
    void appSlashServiceEqualsReplicas() {
        assertThat(ScaleTarget.parse("shop/web=5")).isEqualTo(new ScaleTarget("shop", "web", 5));
        assertThat(ScaleTarget.parse("shop/web=0")).isEqualTo(new ScaleTarget("shop", "web", 0));
    }

    @Test
    void everyMalformedSpecifierIsAUsageErrorThatNamesIt() {
        assertThatThrownBy(() -> ScaleTarget.parse("shop/web"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid scale specifier \"shop/web\": expected APP/SERVICE=REPLICAS");
        assertThatThrownBy(() -> ScaleTarget.parse("shop=3"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("a service must be named");
        assertThatThrownBy(() -> ScaleTarget.parse("shop/web=x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid scale specifier \"shop/web=x\": \"x\" is not a number of replicas");
        assertThatThrownBy(() -> ScaleTarget.parse("shop/web=-1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> ScaleTarget.parse("/web=1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ScaleTarget.parse("shop/=1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ScaleTarget.parse("a/b/c=1")).isInstanceOf(UsageException.class);
    }

    @Test
    void anAppAloneOrWithItsService() {
        assertThat(ServiceRef.parse("shop")).isEqualTo(new ServiceRef("shop", null));
        assertThat(ServiceRef.parse("shop/web")).isEqualTo(new ServiceRef("shop", "web"));
        assertThat(ServiceRef.parse("shop/web").requireService()).isEqualTo("web");
        assertThatThrownBy(() -> ServiceRef.parse("shop").requireService())
                .isInstanceOf(UsageException.class)
                .hasMessage("\"shop\" names no service: expected APP/SERVICE");
        assertThatThrownBy(() -> ServiceRef.parse("shop/")).isInstanceOf(UsageException.class);
    }
}
