package io.gatehouse.spring;

import io.gatehouse.proxy.config.ConfigFileException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@code gatehouse:} configuration into Boot's startup report: each problem on its line. */
final class GatehouseConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigFileException cause) {
        return new FailureAnalysis("The Gatehouse configuration is invalid:\n  " + String.join("\n  ", cause.problems()),
                "Fix the properties named above (the schema is the configuration file's: README \"Configuration file\","
                        + " docs/gatehouse-config.schema.json).", cause);
    }
}
