package dev.airlock.audit;

/**
 * Percentiles of millisecond values in fixed memory: exact below 10 s, then buckets 1 % wide. Approval
 * waits are seconds to minutes, so 1 % is finer than anyone reads a p95.
 */
final class Histogram {
    private static final int EXACT = 10_000;
    private static final double STEP = Math.log(1.01);
    private final long[] exact = new long[EXACT];
    private final long[] log = new long[2400];   // 1.01^2400 * 10 s is far beyond any wait
    private long count;

    void add(long ms) {
        if (ms < 0) return;
        count++;
        if (ms < EXACT) exact[(int) ms]++;
        else log[Math.min(log.length - 1, (int) (Math.log((double) ms / EXACT) / STEP))]++;
    }

    long count() {
        return count;
    }

    /** The value at quantile q (0..1), nearest-rank; -1 when empty. */
    long quantile(double q) {
        if (count == 0) return -1;
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < EXACT; i++) {
            seen += exact[i];
            if (seen >= rank) return i;
        }
        for (int i = 0; i < log.length; i++) {
            seen += log[i];
            if (seen >= rank) return (long) (EXACT * Math.exp(i * STEP));
        }
        return -1;
    }
}
