package io.certfleet.pki.checkexpiration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {

    /** The layout of seed 004's sample output, produced the way kubeadm produces it. */
    @Test
    void alignsLikeGoTabwriterWithKubeadmSettings() {
        String out = TabWriter.kubeadm()
                .line("CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED")
                .line("admin.conf\tDec 30, 2020 23:36 UTC\t364d\t\tno      ")
                .line("apiserver-kubelet-client\tDec 30, 2020 23:36 UTC\t364d\tca\tno      ")
                .line("")
                .line("CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED")
                .line("ca\tDec 28, 2029 23:36 UTC\t9y\tno      ")
                .render();
        assertThat(out).isEqualTo("""
                CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED
                admin.conf                 Dec 30, 2020 23:36 UTC   364d                                    no     \s
                apiserver-kubelet-client   Dec 30, 2020 23:36 UTC   364d            ca                      no     \s

                CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED
                ca                      Dec 28, 2029 23:36 UTC   9y              no     \s
                """);
    }

    @Test
    void emptyCellsArePaddedAndShortColumnsGetMinWidth() {
        String out =
                TabWriter.kubeadm().line("!MISSING! x\t\t\t").line("a\tb\tc\td").render();
        assertThat(out)
                .isEqualTo("!MISSING! x   " + " ".repeat(10) + " ".repeat(10) + "\n" + "a" + " ".repeat(13) + "b"
                        + " ".repeat(9) + "c" + " ".repeat(9) + "d\n");
    }
}
