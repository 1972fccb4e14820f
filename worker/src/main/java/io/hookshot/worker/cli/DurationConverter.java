package io.hookshot.worker.cli;

import io.hookshot.common.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 200ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d} options. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
