//! A QR code as inline SVG, for the binder's cover to lead back to the
//! intranet copy. The `qrcode` crate does the encoding; the drawing is ours
//! so the output is one small path and byte-for-byte stable.

use qrcode::{Color, EcLevel, QrCode};

use super::escape;

/// Modules of light margin around the code, as the QR standard asks.
const QUIET: usize = 4;

/// An SVG QR code for `text`, labelled for screen readers with `label`;
/// `None` if the text is too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
    let size = width + 2 * QUIET;
    let mut path = String::new();
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            path.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + QUIET,
                y + QUIET,
                x - start,
                x - start
            ));
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        label = escape(label),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_encoded_modules_with_a_quiet_zone() {
        let text = "https://intranet.example.jp/handbook/";
        let svg = svg(text, "QR").unwrap();
        let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
        let size = code.width() + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        // Every dark module is drawn once: the runs add up to the count.
        let d = svg.split("d=\"").nth(1).unwrap();
        let drawn: usize = d
            .split('h')
            .skip(1)
            .step_by(2)
            .map(|s| s.split('v').next().unwrap().parse::<usize>().unwrap())
            .sum();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        assert_eq!(drawn, dark);
        // The top-left finder pattern starts at the quiet zone's edge.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"));
    }

    #[test]
    fn the_label_is_escaped_and_overlong_text_is_refused() {
        assert!(
            svg("x", "a\"<b>")
                .unwrap()
                .contains("aria-label=\"a&quot;&lt;b&gt;\"")
        );
        assert_eq!(svg(&"x".repeat(5000), "QR"), None);
    }
}
