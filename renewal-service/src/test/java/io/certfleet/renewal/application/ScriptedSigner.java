package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import java.util.ArrayList;
import java.util.List;

/** A signer that records what it was given and answers what the test says. */
final class ScriptedSigner implements ExternalSigner {
    final List<SigningRequest> submitted = new ArrayList<>();
    Signing answer = new Signing.Pending("nothing yet");

    @Override
    public String kind() {
        return "scripted";
    }

    @Override
    public boolean needsClusterApi() {
        return true;
    }

    @Override
    public void submit(ClusterProfile cluster, SigningRequest request) {
        submitted.add(request);
    }

    @Override
    public Signing status(ClusterProfile cluster, SigningRequest request) {
        return answer;
    }
}
