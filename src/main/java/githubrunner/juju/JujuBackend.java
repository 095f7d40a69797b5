package githubrunner.juju;

import java.util.List;
import java.util.Map;

/**
 * The Juju hook tools the charm uses, one method per tool (reference/juju.md §2). Every call
 * works only inside a hook or action; errors come back as {@link JujuException} subclasses.
 */
public interface JujuBackend {
    /** config-get: every option that is set or has a default; values keep their JSON types. */
    Map<String, Object> configGet();

    void statusSet(UnitStatus status);

    UnitStatus statusGet();

    void applicationVersionSet(String version);

    void log(LogLevel level, String message);

    boolean isLeader();

    /** relation-ids: ids such as {@code image:3} of the live relations on {@code endpoint}. */
    List<String> relationIds(String endpoint);

    /** relation-list: the remote units of a relation. */
    List<String> relationList(String relationId);

    /** relation-get of a unit's (or, with {@code app}, an application's) whole databag. */
    Map<String, String> relationGet(String relationId, String unitOrApp, boolean app);

    /** relation-set: updates the local unit's (or, with {@code app}, the app's) databag; "" deletes a key. */
    void relationSet(String relationId, Map<String, String> data, boolean app);

    Map<String, Object> actionGet();

    /** action-set: keys follow Juju's rules (lower case, digits, dashes; dots nest). */
    void actionSet(Map<String, String> results);

    void actionFail(String message);

    void actionLog(String message);

    /** secret-get of a secret's content, following the latest revision when {@code refresh}. */
    Map<String, String> secretGet(String secretId, boolean refresh);

    /**
     * secret-get that also gives the secret {@code label} for this unit, so that its secret-changed
     * event carries the label (how data-platform-libs tells which relation's credentials rotated).
     */
    Map<String, String> secretGet(String secretId, String label, boolean refresh);

    Map<String, String> stateGet();

    void stateSet(Map<String, String> values);

    String unitGet(String key);

    void openPort(int port, String protocol);

    void closePort(int port, String protocol);

    enum LogLevel { DEBUG, INFO, WARNING, ERROR, CRITICAL }
}
