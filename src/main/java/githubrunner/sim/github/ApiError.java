package githubrunner.sim.github;

/** An error answer, GitHub style: the status and the {@code message} of the JSON body. */
final class ApiError extends Exception {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError notFound() {
        return new ApiError(404, "Not Found");
    }

    static ApiError badCredentials() {
        return new ApiError(401, "Bad credentials");
    }

    static ApiError unprocessable(String message) {
        return new ApiError(422, message);
    }
}
