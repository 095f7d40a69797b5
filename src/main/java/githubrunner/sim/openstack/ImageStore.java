package githubrunner.sim.openstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Glance's side: the images servers boot from. */
final class ImageStore {
    private final Map<String, SimImage> images = new LinkedHashMap<>();

    ImageStore(List<SimImage> initial) {
        initial.forEach(i -> images.put(i.id(), i));
    }

    synchronized List<SimImage> images() {
        return List.copyOf(images.values());
    }

    synchronized Optional<SimImage> image(String id) {
        return Optional.ofNullable(images.get(id));
    }

    synchronized void add(SimImage image) {
        images.put(image.id(), image);
    }
}
