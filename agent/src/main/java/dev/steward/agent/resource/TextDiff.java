package dev.steward.agent.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified-style line diff of two texts (the shape of {@code diff -u}, with hunk headers
 * and 3 lines of context). Pure. Config files are small; past a size limit the diff falls
 * back to a line-count summary rather than spending quadratic time.
 */
public final class TextDiff {

  private static final int CONTEXT = 3;
  /** Cells of the LCS table; 2000 x 2000 lines is far beyond any config file. */
  private static final long MAX_CELLS = 4_000_000L;

  private TextDiff() {
  }

  private enum Op {
    KEEP, DELETE, INSERT
  }

  private record Edit(Op op, String line, int oldLine, int newLine) {
  }

  /** Empty when the texts are equal. */
  public static String unified(String label, String before, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(label).append('\n');
    out.append("+++ ").append(label).append('\n');
    if ((long) a.size() * b.size() > MAX_CELLS) {
      out.append("@@ ").append(a.size()).append(" lines -> ").append(b.size()).append(" lines (too large to diff) @@\n");
      return out.toString();
    }
    List<Edit> edits = edits(a, b);
    int next = 0;
    while (true) {
      int firstChange = next;
      while (firstChange < edits.size() && edits.get(firstChange).op() == Op.KEEP) {
        firstChange++;
      }
      if (firstChange == edits.size()) {
        break;
      }
      // one hunk holds every change closer than 2*CONTEXT unchanged lines to the previous one
      int lastChange = firstChange;
      for (int k = firstChange + 1; k < edits.size() && k - lastChange <= 2 * CONTEXT; k++) {
        if (edits.get(k).op() != Op.KEEP) {
          lastChange = k;
        }
      }
      int start = Math.max(next, firstChange - CONTEXT);
      int end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      appendHunk(out, edits.subList(start, end));
      next = end;
    }
    if (!before.isEmpty() && !before.endsWith("\n") || !after.isEmpty() && !after.endsWith("\n")) {
      out.append("\\ (a text does not end with a newline)\n");
    }
    return out.toString();
  }

  private static void appendHunk(StringBuilder out, List<Edit> hunk) {
    int oldStart = 0;
    int newStart = 0;
    int oldCount = 0;
    int newCount = 0;
    for (Edit edit : hunk) {
      if (edit.op() != Op.INSERT) {
        if (oldCount == 0) {
          oldStart = edit.oldLine();
        }
        oldCount++;
      }
      if (edit.op() != Op.DELETE) {
        if (newCount == 0) {
          newStart = edit.newLine();
        }
        newCount++;
      }
    }
    if (oldCount == 0) {
      oldStart = hunk.get(0).oldLine() - 1;
    }
    if (newCount == 0) {
      newStart = hunk.get(0).newLine() - 1;
    }
    out.append("@@ -").append(oldStart).append(',').append(oldCount)
        .append(" +").append(newStart).append(',').append(newCount).append(" @@\n");
    for (Edit edit : hunk) {
      char marker = switch (edit.op()) {
        case KEEP -> ' ';
        case DELETE -> '-';
        case INSERT -> '+';
      };
      out.append(marker).append(edit.line()).append('\n');
    }
  }

  /** Longest-common-subsequence edit script; line numbers are 1-based positions in each text. */
  private static List<Edit> edits(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(Op.KEEP, a.get(i), i + 1, j + 1));
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
        edits.add(new Edit(Op.INSERT, b.get(j), i + 1, j + 1));
        j++;
      } else {
        edits.add(new Edit(Op.DELETE, a.get(i), i + 1, j + 1));
        i++;
      }
    }
    return edits;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    String[] split = text.split("\n", -1);
    int count = text.endsWith("\n") ? split.length - 1 : split.length;
    for (int k = 0; k < count; k++) {
      lines.add(split[k]);
    }
    return lines;
  }
}
