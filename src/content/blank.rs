//! 未記入: how a value still to be filled in is written. A starter
//! handbook (`handbook init`) holds the hospital's own numbers, names and
//! targets as this mark, so a hole is seen — a warning (W040) with its
//! place, and 未記入 on the page and on paper — instead of a plausible
//! value nobody checked. Every field reader takes the mark as "not given
//! yet", never as a malformed value.

/// The mark, written as the whole value: `phone: 未記入`.
pub const MARK: &str = "未記入";

/// Whether a value is the mark (spaces around it are ignored).
pub fn is_blank(value: &str) -> bool {
    value.trim() == MARK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_value_is_the_mark() {
        assert!(is_blank("未記入"));
        assert!(is_blank("  未記入 "));
        assert!(!is_blank("未記入の欄"));
        assert!(!is_blank(""));
        assert!(!is_blank("03-1234-5678"));
    }
}
