package io.certfleet.upgrade.domain;

/** What became of an upgrade request. */
public sealed interface UpgradeDecision {

    /** Why, in words for people. */
    String reason();

    /** A plan to follow. */
    record Planned(UpgradePlan plan, String reason) implements UpgradeDecision {}

    /** The request cannot be planned as asked (not a version, a downgrade, a major-version jump). */
    record Rejected(String reason) implements UpgradeDecision {}

    /** This upgrade id already has a plan; the request was seen before under another event id. */
    record AlreadyPlanned(String upgradeId, String reason) implements UpgradeDecision {}
}
