package githubrunner.sim.openstack;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of an emulated API: a method and a path pattern (named groups become path
 * parameters) and the code that answers it.
 *
 * @param authenticated whether the request needs a valid {@code X-Auth-Token}
 */
record Route(String method, Pattern path, boolean authenticated, Handler handler) {

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        SimReply handle(SimRequest request) throws ApiError, IOException;
    }

    static Route of(String method, String pathRegex, Handler handler) {
        return new Route(method, Pattern.compile(pathRegex), true, handler);
    }

    static Route open(String method, String pathRegex, Handler handler) {
        return new Route(method, Pattern.compile(pathRegex), false, handler);
    }

    Matcher match(String requestPath) {
        return path.matcher(requestPath);
    }
}
