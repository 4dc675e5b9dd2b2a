//! Tables for listings (`version history`, `rotation history`): a header and rows of
//! strings, with borders, never wrapped (so that output does not depend on the terminal).

use comfy_table::{ContentArrangement, Table, presets};

/// Renders a table, ending with a newline.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.iter().map(String::as_str));
    }
    let mut out = table.to_string();
    out.push('\n');
    out
}
