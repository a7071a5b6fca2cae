/**
 * A SIMULATED Kubernetes fleet for the demo, tests and benchmarks. It writes node directories with
 * real, kubeadm-shaped certificates and keys, serves them from TLS endpoints on loopback
 * addresses, and answers Kubernetes API calls from Fabric8 mock servers. Nothing here touches or
 * is meant for real clusters: it is a simulator.
 *
 * <p>Entry point: {@link io.certfleet.fleetsim.FleetSimulator#create}.
 */
package io.certfleet.fleetsim;
