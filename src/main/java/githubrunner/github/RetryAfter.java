package githubrunner.github;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code retry-after} header: seconds, or an HTTP date (RFC 9110 allows both). */
final class RetryAfter {
    private RetryAfter() {}

    static Optional<Instant> parse(String value, Instant now) {
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? Optional.empty() : Optional.of(now.plusSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
