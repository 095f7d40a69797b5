package githubrunner.sim.openstack;

/** The emulated services, each under its own path prefix on the one port. */
enum Service {
    KEYSTONE("/identity"),
    NOVA("/compute/v2.1"),
    NEUTRON("/network/v2.0"),
    GLANCE("/image/v2");

    private final String prefix;

    Service(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    static Service forPath(String path) {
        for (Service service : values()) {
            if (path.equals(service.prefix) || path.startsWith(service.prefix + "/")) {
                return service;
            }
        }
        // The catalog hands out /network and /image; openstack4j appends the version.
        if (path.startsWith("/network")) {
            return NEUTRON;
        }
        if (path.startsWith("/image")) {
            return GLANCE;
        }
        return path.startsWith("/compute") ? NOVA : KEYSTONE;
    }

    SimReply error(ApiError error) {
        return switch (this) {
            case NOVA -> Errors.nova(error.status(), error.getMessage());
            case NEUTRON -> Errors.neutron(error.status(), error.neutronType(), error.getMessage());
            case KEYSTONE -> Errors.keystone(error.status(), error.getMessage());
            case GLANCE -> Errors.glance(error.status(), error.getMessage());
        };
    }
}
