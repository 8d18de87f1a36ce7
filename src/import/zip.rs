//! Just enough of the ZIP format to read the parts of a `.docx`: the
//! central directory, stored and deflated members, and their CRC. Anything
//! else (ZIP64, encryption, other methods) is refused with a reason.

/// Why an archive could not be read; shown to the user in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// Not a ZIP file at all (or cut off before its directory).
    NotZip,
    /// A member is encrypted (Word's own password protection is an OLE
    /// file instead, caught before we get here).
    Encrypted,
    /// The directory or a member is damaged.
    Corrupt(String),
}

struct Entry {
    name: String,
    method: u16,
    flags: u16,
    crc: u32,
    compressed: usize,
    size: usize,
    offset: usize,
}

pub struct Archive<'a> {
    data: &'a [u8],
    entries: Vec<Entry>,
}

/// More than any real document part; stops a crafted member from
/// inflating without bound.
const MAX_MEMBER: usize = 256 * 1024 * 1024;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn corrupt(what: &str) -> ZipError {
    ZipError::Corrupt(what.to_string())
}

impl<'a> Archive<'a> {
    pub fn open(data: &'a [u8]) -> Result<Archive<'a>, ZipError> {
        if !data.starts_with(b"PK") {
            return Err(ZipError::NotZip);
        }
        // The end-of-central-directory record is in the last 64 KiB + 22
        // bytes (its comment is at most 65535 bytes).
        let floor = data.len().saturating_sub(22 + 65535);
        let eocd = (floor..=data.len().saturating_sub(22))
            .rev()
            .find(|&i| data[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| corrupt("ZIP の目次（中央ディレクトリ）が見つかりません"))?;
        let count = u16_at(data, eocd + 10).ok_or_else(|| corrupt("目次が途中で切れています"))?;
        let dir_offset =
            u32_at(data, eocd + 16).ok_or_else(|| corrupt("目次が途中で切れています"))?;
        if count == 0xFFFF || dir_offset == 0xFFFF_FFFF {
            return Err(corrupt("ZIP64 形式には対応していません"));
        }
        let mut entries = Vec::with_capacity(count as usize);
        let mut at = dir_offset as usize;
        for _ in 0..count {
            if !data.get(at..).is_some_and(|d| d.starts_with(b"PK\x01\x02")) {
                return Err(corrupt("目次の項目が壊れています"));
            }
            let field = |off: usize| {
                u32_at(data, at + off).ok_or_else(|| corrupt("目次が途中で切れています"))
            };
            let short = |off: usize| {
                u16_at(data, at + off).ok_or_else(|| corrupt("目次が途中で切れています"))
            };
            let flags = short(8)?;
            let method = short(10)?;
            let crc = field(16)?;
            let compressed = field(20)?;
            let size = field(24)?;
            let name_len = short(28)? as usize;
            let extra_len = short(30)? as usize;
            let comment_len = short(32)? as usize;
            let offset = field(42)?;
            if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                return Err(corrupt("ZIP64 形式には対応していません"));
            }
            let name = data
                .get(at + 46..at + 46 + name_len)
                .ok_or_else(|| corrupt("目次が途中で切れています"))?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method,
                flags,
                crc,
                compressed: compressed as usize,
                size: size as usize,
                offset: offset as usize,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive { data, entries })
    }

    /// Whether the archive has a member of this name (case-insensitive, as
    /// Office treats part names).
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/');
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of a member, or `None` when there is no such member.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, ZipError> {
        let Some(e) = self.find(name) else {
            return Ok(None);
        };
        if e.flags & 1 != 0 {
            return Err(ZipError::Encrypted);
        }
        let d = self.data;
        if !d
            .get(e.offset..)
            .is_some_and(|d| d.starts_with(b"PK\x03\x04"))
        {
            return Err(corrupt(&format!("「{}」の位置が壊れています", e.name)));
        }
        let name_len = u16_at(d, e.offset + 26).unwrap_or(0) as usize;
        let extra_len = u16_at(d, e.offset + 28).unwrap_or(0) as usize;
        let start = e.offset + 30 + name_len + extra_len;
        let raw = start
            .checked_add(e.compressed)
            .and_then(|end| d.get(start..end))
            .ok_or_else(|| corrupt(&format!("「{}」が途中で切れています", e.name)))?;
        if e.size > MAX_MEMBER {
            return Err(corrupt(&format!("「{}」が大きすぎます", e.name)));
        }
        let bytes = match e.method {
            0 => raw.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(raw, MAX_MEMBER)
                .map_err(|_| corrupt(&format!("「{}」を展開できません", e.name)))?,
            m => {
                return Err(corrupt(&format!(
                    "「{}」の圧縮方式（{m}）には対応していません",
                    e.name
                )));
            }
        };
        if bytes.len() != e.size || crc32(&bytes) != e.crc {
            return Err(corrupt(&format!(
                "「{}」の中身が壊れています（CRC が一致しません）",
                e.name
            )));
        }
        Ok(Some(bytes))
    }
}

/// CRC-32 (IEEE), as ZIP stores it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A stored (uncompressed) archive of the given members, for unit tests.
#[cfg(test)]
pub fn stored(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for (name, data) in members {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0; 4]); // time, date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // comment length, disk, internal and external attributes
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(data);
        dir.extend(header(b"PK\x01\x02", true));
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&dir);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    let n = (members.len() as u16).to_le_bytes();
    out.extend_from_slice(&n);
    out.extend_from_slice(&n);
    out.extend_from_slice(&(dir.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_text() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn reads_stored_members() {
        let zip = stored(&[("word/document.xml", b"<w:document/>"), ("a.txt", b"x")]);
        let a = Archive::open(&zip).unwrap();
        assert_eq!(
            a.read("word/document.xml").unwrap().as_deref(),
            Some(&b"<w:document/>"[..])
        );
        assert!(a.has("WORD/Document.xml"));
        assert_eq!(a.read("missing").unwrap(), None);
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let zip = stored(&[("word/document.xml", b"<w:document/>")]);
        // A flipped byte of the member: the CRC catches it.
        let mut bad = zip.clone();
        let at = bad.windows(4).position(|w| w == b"<w:d").unwrap();
        bad[at + 1] = b'x';
        let a = Archive::open(&bad).unwrap();
        assert!(matches!(
            a.read("word/document.xml"),
            Err(ZipError::Corrupt(_))
        ));
        // Cut in half: no directory.
        assert!(Archive::open(&zip[..zip.len() / 2]).is_err());
        assert_eq!(Archive::open(b"hello").err(), Some(ZipError::NotZip));
        // Every prefix is an error or reads, never a panic.
        for n in 0..zip.len() {
            if let Ok(a) = Archive::open(&zip[..n]) {
                let _ = a.read("word/document.xml");
            }
        }
    }
}
