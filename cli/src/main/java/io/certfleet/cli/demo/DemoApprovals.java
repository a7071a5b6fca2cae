package io.certfleet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Plays the person in the chat channel: grants every pending approval through notifier-service's API. */
final class DemoApprovals {
    private final ServiceApi notifier;

    DemoApprovals(ServiceProcess notifier) {
        this.notifier = new ServiceApi(notifier);
    }

    int grantAll(String approvedBy) {
        int granted = 0;
        for (JsonNode approval : notifier.get("/approvals")) {
            ObjectNode body = ServiceApi.JSON
                    .createObjectNode()
                    .put("approvedBy", approvedBy)
                    .put("channel", "demo")
                    .put("comment", "approved in the certfleet demo");
            int status = notifier.post("/approvals/" + approval.path("id").asText() + "/grant", body);
            if (status == 200) {
                granted++;
            } else if (status != 409) { // 409: someone else granted it first
                throw new DemoException("notifier-service answered " + status + " to granting approval "
                        + approval.path("id").asText());
            }
        }
        return granted;
    }
}
