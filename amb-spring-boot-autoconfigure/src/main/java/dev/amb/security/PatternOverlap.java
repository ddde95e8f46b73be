package dev.amb.security;

/**
 * Whether two topic patterns can match a common topic ({@code *} one segment, {@code #} zero or
 * more). Memoised over segment positions, so linear in the product of the lengths.
 */
final class PatternOverlap {

    private PatternOverlap() {
    }

    static boolean overlaps(String[] a, String[] b) {
        return overlaps(a, 0, b, 0, new Boolean[a.length + 1][b.length + 1]);
    }

    private static boolean overlaps(String[] a, int i, String[] b, int j, Boolean[][] memo) {
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        boolean result;
        if (i == a.length && j == b.length) {
            result = true;
        }
        else if (i < a.length && a[i].equals("#")) {
            // '#' takes nothing, or takes one segment (of b's side) and stays
            result = overlaps(a, i + 1, b, j, memo) || (j < b.length && overlaps(a, i, b, j + 1, memo));
        }
        else if (j < b.length && b[j].equals("#")) {
            result = overlaps(a, i, b, j + 1, memo) || (i < a.length && overlaps(a, i + 1, b, j, memo));
        }
        else if (i == a.length || j == b.length) {
            result = false;
        }
        else {
            result = (a[i].equals("*") || b[j].equals("*") || a[i].equals(b[j])) && overlaps(a, i + 1, b, j + 1, memo);
        }
        memo[i][j] = result;
        return result;
    }
}
