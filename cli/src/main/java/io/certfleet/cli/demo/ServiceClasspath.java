package io.certfleet.cli.demo;

import io.certfleet.cli.Main;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the service jars are: the CLI build puts shared libraries in {@code target/lib} and each
 * service's own jar in {@code target/services}, so every service runs with only its own bean
 * definitions on the class path, as it would in its own container.
 */
record ServiceClasspath(Path libDir, Path servicesDir) {

    static ServiceClasspath locate() {
        Path jar;
        try {
            jar = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new DemoException("cannot tell where the certfleet command line is installed: " + e.getMessage());
        }
        Path base = Files.isDirectory(jar) ? jar.getParent() : jar.getParent();
        ServiceClasspath classpath = new ServiceClasspath(base.resolve("lib"), base.resolve("services"));
        for (ServiceName service : ServiceName.values()) {
            if (!Files.isRegularFile(classpath.serviceJar(service))) {
                throw new DemoException("the " + service.artifact() + " jar is missing at "
                        + classpath.serviceJar(service) + "; run the demo through ./certfleet, which builds it");
            }
        }
        return classpath;
    }

    Path serviceJar(ServiceName service) {
        return servicesDir.resolve(service.artifact() + ".jar");
    }

    String classpathOf(ServiceName service) {
        return serviceJar(service) + File.pathSeparator + libDir.resolve("*");
    }
}
