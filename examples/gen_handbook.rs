//! Writes a synthetic handbook for benchmarks: N regulations of about 20
//! articles each, with chapters, captions, 項, 号 and cross-references.
//! Usage: `cargo run --release --example gen_handbook N DIR`.

use std::fmt::Write as _;
use std::path::Path;

fn regulation(i: usize) -> String {
    let mut s = format!(
        "---\ntitle: 生成規程{i:04}\nnumber: 生成規程第{i}号\nowner: 情報システム部門\neffective: 2024-04-01\norder: {i}\nhistory:\n  - date: 2020-04-01\n    note: 制定\n  - date: 2024-04-01\n    note: 一部改定\n---\n"
    );
    let mut article = 0;
    for chapter in 1..=4 {
        let _ = writeln!(s, "第{chapter}章　第{chapter}の定め\n");
        for _ in 0..5 {
            article += 1;
            let _ = writeln!(s, "（第{article}条の見出し）");
            let _ = writeln!(
                s,
                "第{article}条　管理部門は、医療情報システムの安全管理のため、必要な措置を講じなければならない。この場合において、\n利用者の職種及び担当業務に応じたアクセス権限を設定し、定期的に見直すものとする。"
            );
            let _ = writeln!(
                s,
                "２　前項の規定にかかわらず、第{}条に定める場合は、この限りでない。",
                (article % 20) + 1
            );
            let _ = writeln!(s, "３　管理部門は、次に掲げる事項を記録する。");
            let relative = if article == 1 { "次条" } else { "前条" };
            for (k, n) in ["一", "二", "三"].iter().enumerate() {
                let _ = writeln!(
                    s,
                    "{n}　記録事項その{}（{relative}第２項に規定するものを除く。）",
                    k + 1
                );
            }
            s.push('\n');
        }
    }
    s.push_str("附　則\nこの規程は、令和６年４月１日から施行する。\n");
    s
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let dir = args
        .next()
        .unwrap_or_else(|| format!("target/bench/gen-{n}"));
    let dir = Path::new(&dir);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir.join("content/regulations"))?;
    std::fs::write(
        dir.join("handbook.yaml"),
        "title: ベンチマーク用ハンドブック\norganization: ○○病院\nedition: 第1版\n",
    )?;
    for i in 1..=n {
        std::fs::write(
            dir.join(format!("content/regulations/reg-{i:04}.md")),
            regulation(i),
        )?;
    }
    Ok(())
}
