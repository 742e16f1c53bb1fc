package dev.berth.internalauth;

import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With {@value #SETTING} set, the service reads the internal token at start (an unreadable file or a bad token stops
 * the start) and refuses every request without it ({@link InternalTokenFilter}). Without the setting nothing
 * changes. The token is read once: a new one takes a restart.
 */
@AutoConfiguration
@ConditionalOnProperty(InternalTokenAutoConfiguration.SETTING)
public class InternalTokenAutoConfiguration {
    /** The one setting, the same in every service: the path of the token file. */
    public static final String SETTING = "berth.internal.token-file";

    @Bean
    InternalToken internalToken(Environment environment) {
        return InternalToken.read(Path.of(environment.getRequiredProperty(SETTING)));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    InternalTokenFilter internalTokenFilter(InternalToken token) {
        return new InternalTokenFilter(token);
    }
}
