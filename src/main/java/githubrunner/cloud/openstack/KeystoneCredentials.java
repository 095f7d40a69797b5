package githubrunner.cloud.openstack;

import githubrunner.common.Secret;

/** How the client authenticates to Keystone v3. Records print no secret. */
public sealed interface KeystoneCredentials {

    /** Who is authenticating, for logs and error messages (never a secret). */
    String describe();

    /** Password authentication, scoped to a project. */
    record Password(String username, Secret password, String projectName, String userDomainName,
                    String projectDomainName) implements KeystoneCredentials {
        @Override
        public String describe() {
            return username + " (project " + projectName + ")";
        }
    }

    /**
     * An application credential ({@code auth_type: v3applicationcredential}): by id, or by name
     * with its user (name and domain). It carries its own project scope.
     */
    record ApplicationCredential(String id, String name, String username, String userDomainName, Secret secret)
            implements KeystoneCredentials {
        @Override
        public String describe() {
            return "application credential " + (id != null ? id : name + " of " + username);
        }
    }
}
