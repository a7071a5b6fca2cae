package io.certfleet.pki.checkexpiration;

import java.util.ArrayList;
import java.util.List;

/**
 * The column alignment of Go's {@code text/tabwriter} as kubeadm configures it ({@code minwidth 10,
 * tabwidth 4, padding 3, padchar ' ', flags 0}), so tables line up byte for byte with kubeadm's.
 *
 * <p>Go's rules: cells are tab-terminated, the text after the last tab of a line is not part of any
 * column; a column's width is computed over a block of consecutive lines that have a cell in it (an
 * empty line ends every block), as the widest cell plus padding, at least minwidth.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    static TabWriter kubeadm() {
        return new TabWriter(10, 3);
    }

    TabWriter line(String text) {
        lines.add(text.split("\t", -1));
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        format(out, 0, lines.size(), new ArrayList<>());
        return out.toString();
    }

    private void format(StringBuilder out, int line0, int line1, List<Integer> widths) {
        int column = widths.size();
        int start = line0;
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).length - 1) {
                continue;
            }
            // a block of lines with a cell in this column begins here; print what precedes it
            write(out, start, current, widths);
            start = current;
            int width = minWidth;
            for (; current < line1; current++) {
                String[] cells = lines.get(current);
                if (column >= cells.length - 1) {
                    break;
                }
                width = Math.max(width, cells[column].codePointCount(0, cells[column].length()) + padding);
            }
            widths.add(width);
            format(out, start, current, widths);
            widths.remove(widths.size() - 1);
            start = current;
        }
        write(out, start, line1, widths);
    }

    private void write(StringBuilder out, int from, int to, List<Integer> widths) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                String cell = cells[j];
                out.append(cell);
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - cell.codePointCount(0, cell.length()))));
                }
            }
            out.append('\n');
        }
    }
}
