package io.certfleet.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar manifest (the Maven project version). */
public final class CertfleetVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CertfleetVersion.class.getPackage().getImplementationVersion();
        return new String[] {"certfleet " + (version == null ? "development build" : version)};
    }
}
