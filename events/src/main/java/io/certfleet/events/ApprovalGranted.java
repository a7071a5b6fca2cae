package io.certfleet.events;

/**
 * A person approved a renewal or an upgrade. Emitted by notifier-service (ChatOps), on topic {@link
 * Topics#APPROVALS}.
 *
 * @param approvalId the approval
 * @param clusterId the cluster of the approved renewal or upgrade
 * @param subjectKind what was approved
 * @param subjectId the {@code renewalId} or {@code upgradeId} approved
 * @param approvedBy the verified identity of the approver, e.g. {@code slack:U024BE7LH}
 * @param channel where it was approved, e.g. {@code slack:#platform-ops}
 * @param comment the approver's comment
 */
public record ApprovalGranted(
        String approvalId,
        String clusterId,
        ApprovalSubjectKind subjectKind,
        String subjectId,
        String approvedBy,
        String channel,
        @OptionalField String comment)
        implements EventData {
    public ApprovalGranted {
        Fields.text(approvalId, "approvalId");
        Fields.text(clusterId, "clusterId");
        Fields.required(subjectKind, "subjectKind");
        Fields.text(subjectId, "subjectId");
        Fields.text(approvedBy, "approvedBy");
        Fields.text(channel, "channel");
    }
}
