//! The domain model, one file per source kind; no HTML here.
//!
//! Glossary (English identifier → Japanese term):
//! - `Regulation` 規程, `Chapter` 章, `Section` 節 (and 款/目), `Article` 条,
//!   `Paragraph` 項, `Item` 号, `SupplementaryProvision` 附則,
//!   `caption` 見出し, `effective` 施行日, `history` 改定履歴.

pub mod date;
pub mod numerals;
pub mod structure;
pub mod frontmatter;
pub mod regulation;
