//! Tables for listings (`rotate`, `version history`, `rotation history`): a header and rows
//! of strings in aligned columns, without borders (so that `grep`, `awk` and `cut` work on
//! them, as on `kubectl` or `ps` output), never wrapped (so that output does not depend on
//! the terminal).

use comfy_table::{ContentArrangement, Table, presets};

/// Renders a table, ending with a newline.
pub fn render<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.as_ref().iter().map(String::as_str));
    }
    // Columns start at the margin and are two spaces apart.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
