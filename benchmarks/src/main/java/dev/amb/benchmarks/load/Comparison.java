package dev.amb.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one case on every contender of a broker, the contenders alternating round by round after a
 * warm-up round of each, and adds the medians and every round to a markdown {@link #table()}.
 * The last contender is AMB; the first is the raw client and the second, when there are three,
 * the Spring-native peer, and the table gives AMB's ratio to each.
 */
public final class Comparison {

    /** One measurement of a contender: one value (throughput) or several (percentiles). */
    @FunctionalInterface
    public interface Measurement {

        /**
         * @param contender the contender to measure
         * @return the values, in the order of the case's metric names
         * @throws Exception when the run fails
         */
        double[] measure(Contender contender) throws Exception;
    }

    private final String broker;

    private final List<Contender> contenders;

    private final int rounds;

    private final List<String> rows = new ArrayList<>();

    /**
     * @param broker the broker and mode, for the table's title
     * @param contenders raw client, Spring-native peer (optional), AMB last
     * @param rounds measured rounds after the warm-up
     */
    public Comparison(String broker, List<Contender> contenders, int rounds) {
        this.broker = broker;
        this.contenders = List.copyOf(contenders);
        this.rounds = rounds;
    }

    /**
     * Measures a case and adds one row per metric.
     * @param metrics the names of the values the measurement returns, e.g. {@code rr p50 (us)}
     * @param measurement the measurement
     */
    public void run(List<String> metrics, Measurement measurement) {
        int count = contenders.size();
        double[][][] values = new double[count][metrics.size()][rounds];
        boolean[] unsupported = new boolean[count];
        String[] failed = new String[count];
        for (int round = -1; round < rounds; round++) {
            for (int c = 0; c < count; c++) {
                if (unsupported[c] || failed[c] != null) {
                    continue;
                }
                try {
                    double[] result = measurement.measure(contenders.get(c));
                    if (round >= 0) {
                        for (int m = 0; m < metrics.size(); m++) {
                            values[c][m][round] = result[m];
                        }
                    }
                }
                catch (UnsupportedOperationException ex) {
                    unsupported[c] = true;
                }
                catch (Exception ex) {
                    failed[c] = ex.toString();
                    System.err.println(contenders.get(c).name() + " failed " + metrics.get(0) + ": " + ex);
                    ex.printStackTrace();
                }
            }
        }
        for (int m = 0; m < metrics.size(); m++) {
            StringBuilder row = new StringBuilder("| ").append(metrics.get(m)).append(" |");
            double[] medians = new double[count];
            List<String> all = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                boolean missing = unsupported[c] || failed[c] != null;
                medians[c] = missing ? Double.NaN : median(values[c][m]);
                row.append(' ').append(missing ? (failed[c] != null ? "failed" : "–") : number(medians[c])).append(" |");
                all.add(missing ? "–" : format(values[c][m]));
            }
            double amb = medians[count - 1];
            for (int c = 0; c < count - 1; c++) {
                row.append(' ').append(Double.isNaN(amb) || Double.isNaN(medians[c]) ? "–"
                        : String.format(Locale.ROOT, "%.2f", amb / medians[c])).append(" |");
            }
            row.append(' ').append(String.join(" / ", all)).append(" |");
            rows.add(row.toString());
            System.out.println(row);
        }
    }

    /** @return the markdown table of every row so far */
    public String table() {
        StringBuilder table = new StringBuilder("### ").append(broker).append("\n\n| case |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Contender contender : contenders) {
            table.append(' ').append(contender.name()).append(" |");
            rule.append("---:|");
        }
        String amb = contenders.get(contenders.size() - 1).name();
        for (int c = 0; c < contenders.size() - 1; c++) {
            table.append(' ').append(amb).append(" / ").append(contenders.get(c).name()).append(" |");
            rule.append("---:|");
        }
        table.append(" every round |\n");
        rule.append("---|\n");
        table.append(rule);
        rows.forEach(row -> table.append(row).append('\n'));
        return table.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.1f", value);
    }

    private static String format(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value));
        }
        return String.join(" ", parts);
    }
}
