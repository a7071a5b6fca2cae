package io.certfleet.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CertificateParsingBenchmark} with JMH and prints each parser's time per certificate next to the JDK's,
 * measured in the same run, as a ratio.
 *
 * <pre>{@code
 * ./build -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.certfleet.bench.ParsingBenchmarks
 * }</pre>
 */
public final class ParsingBenchmarks {
    private static final String BASELINE = "jdkCertificateFactory";

    private ParsingBenchmarks() {}

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(CertificateParsingBenchmark.class.getName())
                .jvmArgsAppend("-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            scores.put(name, new double[] {
                result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()
            });
        }
        double baseline = scores.get(BASELINE)[0];
        System.out.println();
        System.out.printf("parsing one of 2048 distinct certificates (µs per certificate; ratio to the JDK)%n");
        scores.forEach((name, score) -> System.out.printf(
                "  %-24s %8.2f ± %5.2f µs   %5.2fx%s%n",
                name, score[0], score[1], score[0] / baseline, name.equals(BASELINE) ? "  (baseline)" : ""));
    }
}
