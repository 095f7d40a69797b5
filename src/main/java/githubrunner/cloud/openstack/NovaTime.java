package githubrunner.cloud.openstack;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Nova's timestamps: {@code 2013-09-03T04:01:32Z} on servers, {@code 2014-05-07T12:06:13.681238} (UTC) on keypairs. */
final class NovaTime {
    private NovaTime() {}

    /** The instant, or null if the text is not a timestamp. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
