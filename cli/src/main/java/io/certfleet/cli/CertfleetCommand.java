package io.certfleet.cli;

import io.certfleet.cli.demo.DemoCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; each subcommand is its own class, registered here. */
@Command(
        name = "certfleet",
        mixinStandardHelpOptions = true,
        versionProvider = CertfleetVersion.class,
        description = "Keeps the TLS certificates of kubeadm / Cluster API fleets from expiring.",
        subcommands = {DemoCommand.class, CheckExpirationCommand.class, ScanCommand.class, RenewCommand.class})
public final class CertfleetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
