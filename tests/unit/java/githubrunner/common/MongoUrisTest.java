package githubrunner.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MongoUrisTest {
    @Test
    void passwordsAreMaskedWhereverAUriAppears() {
        assertEquals("mongodb://relation-3:*****@10.0.0.5:27017,10.0.0.6/db?replicaSet=rs",
                MongoUris.redact("mongodb://relation-3:Pa55%40w:rd/x@10.0.0.5:27017,10.0.0.6/db?replicaSet=rs"));
        assertEquals("cannot reach mongodb+srv://u:*****@cluster.example.com/db (timeout); retrying",
                MongoUris.redact("cannot reach mongodb+srv://u:secret@cluster.example.com/db (timeout); retrying"));
        assertEquals("mongodb://10.0.0.5/db", MongoUris.redact("mongodb://10.0.0.5/db"));
        assertEquals("mongodb://user@10.0.0.5/db", MongoUris.redact("mongodb://user@10.0.0.5/db"));
        assertEquals("no uri here", MongoUris.redact("no uri here"));
    }

    @Test
    void theDatabaseIsTheUrisPathAsKombuReadsIt() {
        assertEquals("github-runner-webhook-router", MongoUris.database(
                "mongodb://relation-3:p@10.0.0.5:27017,10.0.0.6:27017/github-runner-webhook-router?replicaSet=mongodb", "x"));
        assertEquals("fallback", MongoUris.database("mongodb://10.0.0.5:27017/?replicaSet=mongodb", "fallback"));
        assertEquals("fallback", MongoUris.database("mongodb://10.0.0.5:27017", "fallback"));
        assertEquals("my db", MongoUris.database("mongodb://h/my%20db", "x"));
    }
}
