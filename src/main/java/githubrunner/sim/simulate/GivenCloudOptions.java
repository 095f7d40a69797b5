package githubrunner.sim.simulate;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * simulate's options for a real cloud instead of the emulator; {@link #NONE} when not given.
 *
 * @param cloudsYaml the manager's clouds.yaml (password or application credential)
 * @param agentCloudsYaml password credentials that may read servers' user data (an admin's); by
 *     default the same file
 * @param image the Glance image id the VMs boot from
 * @param flavor flavor name or id
 * @param network network name or id (empty: Nova's choice)
 */
record GivenCloudOptions(Path cloudsYaml, Path agentCloudsYaml, String image, String flavor, String network) {
    static final GivenCloudOptions NONE = new GivenCloudOptions(null, null, null, "m1.small", "");

    static final String USAGE = """
              --clouds-yaml FILE  run against this real OpenStack instead of the emulator (GitHub stays
                                  emulated); needs --image
              --agent-clouds-yaml FILE  password credentials allowed to read the VMs' user data (Nova
                                  admin, microversion 2.3) for the emulated runner agents; default: --clouds-yaml
              --image ID          image of the VMs on the given cloud
              --flavor NAME       flavor on the given cloud (default m1.small)
              --network NAME      network on the given cloud (default: Nova's choice)
            """;

    boolean given() {
        return cloudsYaml != null;
    }

    /** This with one more option applied; null when the option is not one of these. */
    GivenCloudOptions with(String option, String value) {
        return switch (option) {
            case "--clouds-yaml" -> new GivenCloudOptions(Path.of(value), agentCloudsYaml, image, flavor, network);
            case "--agent-clouds-yaml" -> new GivenCloudOptions(cloudsYaml, Path.of(value), image, flavor, network);
            case "--image" -> new GivenCloudOptions(cloudsYaml, agentCloudsYaml, value, flavor, network);
            case "--flavor" -> new GivenCloudOptions(cloudsYaml, agentCloudsYaml, image, value, network);
            case "--network" -> new GivenCloudOptions(cloudsYaml, agentCloudsYaml, image, flavor, value);
            default -> null;
        };
    }

    /** Checked and completed once all options are read. */
    GivenCloudOptions validated() {
        if (!given()) {
            if (agentCloudsYaml != null || image != null) {
                throw new IllegalArgumentException("--agent-clouds-yaml and --image need --clouds-yaml");
            }
            return this;
        }
        if (!Files.isReadable(cloudsYaml)) {
            throw new IllegalArgumentException(cloudsYaml + " cannot be read");
        }
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("--clouds-yaml needs --image (a Glance image id of that cloud)");
        }
        Path agents = agentCloudsYaml == null ? cloudsYaml : agentCloudsYaml;
        if (!Files.isReadable(agents)) {
            throw new IllegalArgumentException(agents + " cannot be read");
        }
        return new GivenCloudOptions(cloudsYaml, agents, image, flavor, network);
    }
}
