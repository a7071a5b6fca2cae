package io.certfleet.nodeagent.runtime;

import java.time.Duration;

/** Waiting between retries and polls; tests pass one that returns at once. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration);

    Pause NONE = duration -> {};

    void pause(Duration duration) throws InterruptedException;
}
