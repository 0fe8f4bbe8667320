package io.gatehouse.bench.scg;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway on WebFlux with one route, every path to {@code bench.origin}, all else at
 * Spring's defaults: the "usual Java pick" target of {@code bench/load.sh}.
 *
 * <p>Run: {@code java -jar scg-bench.jar --server.port=8086 --bench.origin=http://127.0.0.1:8081}
 */
@SpringBootApplication
public class ScgBench {

    public static void main(String[] args) {
        SpringApplication.run(ScgBench.class, args);
    }

    /** The one route: every path, unchanged, to the origin. */
    @Bean
    RouteLocator routes(RouteLocatorBuilder builder, @Value("${bench.origin}") String origin) {
        return builder.routes()
                .route("origin", r -> r.path("/**").uri(origin))
                .build();
    }
}
