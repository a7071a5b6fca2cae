package io.certfleet.scanner.adapter.in;

import io.certfleet.scanner.application.RegisterClusters;
import io.certfleet.scanner.config.ScannerSettings;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the inventory file at start and whenever its content changes: its clusters are registered (origin FILE),
 * FILE clusters no longer listed are removed. A file that cannot be read or parsed changes nothing.
 */
@Singleton
public class InventoryFileWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryFileWatcher.class);

    private final ScannerSettings settings;
    private final RegisterClusters register;
    private volatile String loadedDigest = "";

    InventoryFileWatcher(ScannerSettings settings, RegisterClusters register) {
        this.settings = settings;
        this.register = register;
    }

    @Scheduled(fixedDelay = "${certfleet.scanner.inventory-file-interval:15s}", initialDelay = "0s")
    void check() {
        reloadIfChanged();
    }

    /**
     * Reloads the file if its content changed since the last load.
     *
     * @return the synchronization done, empty when nothing changed or there is no file
     */
    public synchronized Optional<RegisterClusters.Sync> reloadIfChanged() {
        Optional<String> configured = settings.inventoryFilePath();
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(configured.get());
        try {
            byte[] content = Files.readAllBytes(file);
            String digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            if (digest.equals(loadedDigest)) {
                return Optional.empty();
            }
            RegisterClusters.Sync sync =
                    register.synchronize(ClusterOrigin.FILE, Optional.empty(), InventoryFile.read(file));
            loadedDigest = digest;
            LOG.info(
                    "inventory file {} loaded: {} new, {} updated, {} removed, refused {}",
                    file,
                    sync.created().size(),
                    sync.updated().size(),
                    sync.removed().size(),
                    sync.refused());
            return Optional.of(sync);
        } catch (IOException e) {
            LOG.warn(
                    "inventory file {} cannot be read ({}); the inventory is unchanged",
                    file,
                    e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            LOG.warn("inventory file {} is invalid: {}; the inventory is unchanged", file, e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return Optional.empty();
    }
}
