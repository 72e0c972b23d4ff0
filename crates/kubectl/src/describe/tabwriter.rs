//! Go's `text/tabwriter` as kubectl's describe configures it (minwidth 0, tabwidth 8, padding 2,
//! padchar ' ', no flags). Describe output is aligned by this and nothing else, so it follows Go's
//! rules exactly: a cell is text ended by '\t'; the text after a line's last tab is not a cell and
//! is never padded; a column block is a run of consecutive lines that all have a cell in that
//! column, and every cell of a block is padded to the block's widest cell plus the padding.
//! Widths count Unicode scalar values, as Go counts runes.

const PADDING: usize = 2;

/// Align `text` as Go's tabwriter would after writing it all and flushing.
pub fn align(text: &str) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut w = Formatter {
        lines: &lines,
        widths: Vec::new(),
        out: String::with_capacity(text.len() + text.len() / 2),
    };
    w.format(0, lines.len());
    w.out
}

struct Formatter<'a> {
    lines: &'a [Vec<&'a str>],
    widths: Vec<usize>,
    out: String,
}

fn width(cell: &str) -> usize {
    cell.chars().count()
}

impl Formatter<'_> {
    /// Go's `format`: find the blocks of the next column among lines `line0..line1`, recursing
    /// with each block's width pushed, and write the lines that have no cell in this column.
    fn format(&mut self, mut line0: usize, line1: usize) {
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(line0, this);
            line0 = this;
            let mut block_width = 0;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                block_width = block_width.max(width(line[column]) + PADDING);
                this += 1;
            }
            self.widths.push(block_width);
            self.format(line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(line0, line1);
    }

    fn write_lines(&mut self, line0: usize, line1: usize) {
        for i in line0..line1 {
            let line = &self.lines[i];
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if let Some(w) = self.widths.get(j) {
                    let pad = w.saturating_sub(width(cell));
                    self.out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            // The text after the last newline is written as it is, without one.
            if i + 1 < self.lines.len() {
                self.out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::align;

    #[test]
    fn aligns_a_block_of_labels() {
        let text = "Name:\tnginx\nNamespace:\tdefault\nService Account:\tdefault\n";
        assert_eq!(
            align(text),
            "Name:             nginx\nNamespace:        default\nService Account:  default\n"
        );
    }

    #[test]
    fn a_line_without_tabs_breaks_the_block() {
        let text = "IP:\t10.0.0.1\nIPs:\n  IP:\t10.0.0.1\nLong label here:\tx\n";
        assert_eq!(
            align(text),
            "IP:  10.0.0.1\nIPs:\n  IP:             10.0.0.1\nLong label here:  x\n"
        );
    }

    #[test]
    fn last_cell_is_not_padded_and_empty_cells_count() {
        let text = "  Namespace\tName\t\tAge\n  ---------\t----\t\t---\n  kube-system\tcoredns-abc\t\t5m\n";
        assert_eq!(
            align(text),
            "  Namespace    Name           Age\n  ---------    ----           ---\n  kube-system  coredns-abc    5m\n"
        );
    }

    #[test]
    fn nested_columns_only_span_lines_that_have_them() {
        // The second column exists only on the Port line, so it is sized by that line alone.
        let text = "Port:\t<unset>\t80/TCP\nTargetPort:\t80/TCP\nNodePort:\t<unset>\t30080/TCP\n";
        assert_eq!(
            align(text),
            "Port:        <unset>  80/TCP\nTargetPort:  80/TCP\nNodePort:    <unset>  30080/TCP\n"
        );
    }

    #[test]
    fn trailing_text_without_newline_and_unicode_width() {
        assert_eq!(align("é:\tx\nab:\ty"), "é:   x\nab:  y");
        assert_eq!(align(""), "");
        assert_eq!(align("IP:\t\n"), "IP:  \n");
    }
}
