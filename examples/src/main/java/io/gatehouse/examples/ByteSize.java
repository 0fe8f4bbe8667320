package io.gatehouse.examples;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size in bytes as a command line writes it: {@code 64m}, {@code 512k}, {@code 1g} (binary
 * units, case-insensitive, an optional {@code b} or {@code ib}: {@code 64MiB}) or a plain number
 * of bytes.
 *
 * @param bytes the size, at least 1
 */
record ByteSize(long bytes) {

    /** Parses a size; the exception's message says what was expected. */
    static ByteSize parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith("ib")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("b")) {
            text = text.substring(0, text.length() - 1);
        }
        int shift = 0;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        long number;
        try {
            number = Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
            throw invalid(value);
        }
        return new ByteSize(number << shift);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' (expected: a positive size such as 64m, 512k, 1g or a number of bytes)");
    }

    /** The size in the largest binary unit that divides it, e.g. {@code 64 MiB}. */
    @Override
    public String toString() {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /** picocli's converter for options of this type. */
    static final class Converter implements ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
