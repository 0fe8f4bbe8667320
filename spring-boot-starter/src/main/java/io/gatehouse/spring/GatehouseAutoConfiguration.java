package io.gatehouse.spring;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.config.ConfigFileException;
import io.gatehouse.proxy.config.ConfigFileReader;
import io.gatehouse.proxy.config.ConfigProblem;
import io.gatehouse.proxy.dns.ResolvedNames;
import io.gatehouse.proxy.micrometer.GatehouseMetrics;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Gatehouse from the application's configuration (ADR 0018): the {@code gatehouse:} subtree is
 * read by {@link ConfigFileReader} (the configuration file's schema and validation; a problem
 * fails the start, placed at the property and where it was written), and a
 * {@link GatehouseServer} serves it on {@code gatehouse.server.port}. A {@link ProxyConfig} bean
 * of the application's own replaces the subtree; {@link GatehouseCustomizer} beans adjust the
 * proxy before it starts; {@code gatehouse.enabled: false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "gatehouse.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatehouseServerProperties.class)
public class GatehouseAutoConfiguration implements DisposableBean {

    /** Where the host names of groups with {@code dnsRefresh} are resolved (ADR 0019): the JDK's resolver. */
    @Bean
    @ConditionalOnMissingBean
    public ResolvedNames gatehouseResolvedNames() {
        return ResolvedNames.system();
    }

    /** The proxy configuration of the {@code gatehouse:} subtree. */
    @Bean
    @ConditionalOnMissingBean
    public ProxyConfig gatehouseProxyConfig(Environment environment, ResolvedNames names,
                                            ObjectProvider<ProxyObserver> observers) {
        return read(GatehouseProperties.of(environment), reader(names, observers));
    }

    /**
     * Gatehouse's own server, started and stopped with the context; it resolves the host names of
     * groups with {@code dnsRefresh} again and applies a changed answer by reading the subtree again.
     */
    @Bean
    @ConditionalOnMissingBean
    public GatehouseServer gatehouseServer(ProxyConfig config, GatehouseServerProperties properties,
                                           ObjectProvider<GatehouseCustomizer> customizers, Environment environment,
                                           ResolvedNames names, ObjectProvider<ProxyObserver> observers) {
        return new GatehouseServer(config, properties, customizers.orderedStream().toList(), names,
                () -> read(GatehouseProperties.of(environment), reader(names, observers)));
    }

    /**
     * The reader of the subtree, one per set of names, so that a read again keeps the HTTP cache
     * and rate limiters whose settings did not change (ADR 0013); every {@link ProxyObserver} bean
     * (metrics, an access log) is added to each configuration it reads.
     */
    private final java.util.Map<ResolvedNames, ConfigFileReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

    private ConfigFileReader reader(ResolvedNames names, ObjectProvider<ProxyObserver> observers) {
        return readers.computeIfAbsent(names, n -> ConfigFileReader.builder().names(n)
                .additions(builder -> observers.orderedStream().forEach(builder::observer)).build());
    }

    /**
     * Metrics through the application's Micrometer registry, when it has one and proxy-micrometer
     * is on the class path: a {@link GatehouseMetrics} observer (meters named {@code gatehouse.*})
     * and the upstreams' health gauges.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.gatehouse.proxy.micrometer.GatehouseMetrics"})
    static class GatehouseMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(MeterRegistry.class)
        GatehouseMetrics gatehouseMetrics(MeterRegistry registry) {
            return GatehouseMetrics.of(registry);
        }

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        GatehouseCustomizer gatehouseHealthGauges(ObjectProvider<GatehouseMetrics> metrics) {
            return (servlet, context) -> metrics.ifAvailable(m -> m.monitor(servlet.engine().upstreams()));
        }
    }

    /** Closes the readers' Redis links ({@code gatehouse.redis}), if any. */
    @Override
    public void destroy() {
        readers.values().forEach(ConfigFileReader::close);
    }

    /** Reads the subtree; the problems are placed at their property and its origin. */
    static ProxyConfig read(GatehouseProperties properties, ConfigFileReader reader) {
        if (properties.isEmpty()) {
            throw new ConfigFileException(List.of(new ConfigProblem("application configuration", 1, 1, GatehouseProperties.PREFIX,
                    "nothing configured; declare 'gatehouse.groups' and 'gatehouse.routes' (the configuration file's schema),"
                            + " give a ProxyConfig bean, or set 'gatehouse.enabled: false'")));
        }
        try {
            return reader.read(properties.text(), "application configuration");
        } catch (ConfigFileException e) {
            List<ConfigProblem> placed = new ArrayList<>();
            for (ConfigProblem problem : e.located()) {
                String property = problem.field().isEmpty() ? GatehouseProperties.PREFIX
                        : GatehouseProperties.PREFIX + "." + problem.field();
                placed.add(place(properties.origin(problem.field()), property, problem.message()));
            }
            throw new ConfigFileException(placed);
        }
    }

    /** {@code class path resource [application.yml]:12:14: gatehouse.routes[0].to: message}. */
    private static ConfigProblem place(Origin origin, String property, String message) {
        Origin at = origin;
        for (int depth = 0; depth < 8 && at != null && !(at instanceof TextResourceOrigin); depth++) {
            at = at instanceof PropertySourceOrigin wrapped && wrapped.getOrigin() != null ? wrapped.getOrigin() : at.getParent();
        }
        if (at instanceof TextResourceOrigin text && text.getLocation() != null) {
            String resource = text.getResource() == null ? "application configuration" : text.getResource().getDescription();
            return new ConfigProblem(resource, text.getLocation().getLine() + 1, text.getLocation().getColumn() + 1, property, message);
        }
        String where = origin == null ? "application configuration" : origin.toString();
        return new ConfigProblem(where, 1, 1, property, message);
    }
}
