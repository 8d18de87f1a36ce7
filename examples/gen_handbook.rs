//! Writes a synthetic handbook for benchmarks: N regulations of about 20
//! articles each, with chapters, captions, 項, 号 and cross-references, and
//! the operational data scaled with N:
//!
//! | what | how many |
//! |---|---|
//! | regulations | N |
//! | contacts | 14 fixed (roles, committee, outside bodies) + N/5 departments (at least 2) + one vendor per procedure |
//! | severity matrix | 3 levels, 3 deadlines |
//! | procedures | N/10 (at least 1) |
//! | training sessions | N/2 (at least 3), in 3 kinds, one a week going back from the as-of date |
//! | forms | N/50 (at least 1) |
//! | incident page, front page, one free page | 1 each |
//!
//! Dates (contact checks, drills, sessions, follow-ups) are counted back
//! from the day of `SOURCE_DATE_EPOCH` in Japan time (default 1767225600,
//! 2026-01-01, which scripts/bench.sh sets), so `handbook check` with the
//! same `SOURCE_DATE_EPOCH` reports no error and no warning. The output
//! depends only on N and that date.
//!
//! Usage: `cargo run --release --example gen_handbook N DIR`.

use std::fmt::Write as _;
use std::path::Path;

/// The fixed contacts every generated handbook has (id, name, kind, extra lines).
const CORE_CONTACTS: &[(&str, &str, &str, &str)] = &[
    (
        "finder",
        "発見した職員",
        "internal",
        "    role: セキュリティ事故やその疑いに気づいた人\n",
    ),
    (
        "dept-head",
        "部門責任者（所属長）",
        "internal",
        "    role: 各部署の師長・科長・課長。報告を受けて情報システム部門へ連絡する\n    note: 各部署の内線は下の部署一覧を参照\n",
    ),
    (
        "night-manager",
        "当直管理者",
        "internal",
        "    role: 夜間・休日に部門責任者の代わりに報告を受ける\n    extension: \"2999\"\n    hours: 平日 17:15〜翌 8:30、土日祝日 終日\n",
    ),
    (
        "it-dept",
        "情報システム部門",
        "internal",
        "    organization: ○○病院 情報システム課\n    role: セキュリティ事故対応の中心\n    phone: 03-1234-5600\n    extension: \"2100\"\n    after_hours: 090-1234-5678\n    hours: 平日 8:30〜17:15（時間外は当番携帯）\n    email: it-security@hospital.example.jp\n    people:\n      - name: 佐藤 健一\n        title: 情報システム課長\n        extension: \"2101\"\n        mobile: 090-2345-6789\n      - name: 鈴木 美咲\n        title: 主任\n        extension: \"2102\"\n        mobile: 080-3456-7890\n",
    ),
    (
        "committee",
        "個人情報管理委員会",
        "internal",
        "    organization: 事務局：総務課\n    role: 報告を受けて対応を判断し、再発防止計画を作成する\n    extension: \"2200\"\n    people:\n      - name: 高橋 誠\n        title: 委員長（副院長）\n        extension: \"2001\"\n",
    ),
    (
        "safety-manager",
        "医療情報システム安全管理責任者",
        "internal",
        "    organization: 事務責任者（事務部長）\n    role: 外部機関への連絡\n    extension: \"2010\"\n",
    ),
    (
        "partners",
        "該当する顧客や取引先",
        "other",
        "    role: 事故が影響する患者・委託先・取引先\n",
    ),
    (
        "police",
        "警察（サイバー犯罪相談窓口）",
        "authority",
        "    role: 不正アクセス・ランサムウェア被害の相談・届出\n    phone: \"#9110\"\n",
    ),
    (
        "jpcert",
        "JPCERT コーディネーションセンター",
        "authority",
        "    role: インシデント報告の受付・調整\n    phone: 03-6271-8901\n    url: https://www.jpcert.or.jp/form/\n",
    ),
    (
        "ipa",
        "情報処理推進機構（IPA）",
        "authority",
        "    role: ウイルス・不正アクセスの届出と相談\n    phone: 03-5978-7509\n",
    ),
    (
        "tokyo",
        "都の医療安全課",
        "authority",
        "    role: 医療機関の監督官庁（都）への報告\n    phone: 03-5320-4432\n",
    ),
    (
        "jipdec",
        "日本情報経済社会推進協会（JIPDEC）",
        "authority",
        "    role: プライバシーマーク付与機関への事故報告\n    url: https://privacymark.jp/\n",
    ),
    (
        "mhlw",
        "厚生労働省",
        "authority",
        "    role: 医療機関へのサイバー攻撃の報告先\n    phone: 03-5253-1111\n",
    ),
    (
        "ppc",
        "個人情報保護委員会",
        "authority",
        "    role: 個人データの漏えい等の報告\n    url: https://www.ppc.go.jp/personalinfo/legal/leakAction/\n",
    ),
];

const SURNAMES: &[&str] = &[
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
];
const GIVEN: &[&str] = &[
    "健一",
    "美咲",
    "誠",
    "由美",
    "浩二",
    "直子",
    "大輔",
    "陽子",
    "翔",
    "恵",
    "隆",
    "真理子",
    "拓也",
    "彩",
];
const WARDS: &[&str] = &[
    "外来",
    "病棟",
    "検査部",
    "薬剤部",
    "放射線部",
    "手術部",
    "医事課",
    "栄養科",
    "リハビリテーション科",
    "地域連携室",
];
const SYSTEMS: &[&str] = &[
    "電子カルテシステム",
    "医用画像管理システム（PACS）",
    "臨床検査システム",
    "薬剤部門システム",
    "医事会計システム",
    "放射線情報システム",
    "給食管理システム",
    "物流管理システム",
];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number, as `YYYY-MM-DD`.
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

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

fn person(k: usize) -> String {
    format!(
        "{} {}",
        SURNAMES[k % SURNAMES.len()],
        GIVEN[(k / SURNAMES.len() + k) % GIVEN.len()]
    )
}

/// `content/contacts.yaml`: the fixed contacts, `departments` departments
/// (one or two people each) and one vendor per procedure.
fn contacts(departments: usize, procedures: usize, today: i64) -> String {
    let mut s = String::from("title: 連絡体制図\ncontacts:\n");
    for (k, (id, name, kind, extra)) in CORE_CONTACTS.iter().enumerate() {
        let _ = writeln!(s, "  - id: {id}\n    name: {name}\n    kind: {kind}");
        s.push_str(extra);
        if extra.contains("phone:") || extra.contains("extension:") {
            let _ = writeln!(s, "    verified: {}", date(today - 5 - (k as i64 % 20)));
        }
        s.push('\n');
    }
    for k in 1..=departments {
        let ward = WARDS[k % WARDS.len()];
        let _ = writeln!(
            s,
            "  - id: dept-{k:04}\n    name: {ward}{k:03}\n    kind: internal\n    role: 部署内の端末・機器の異常を情報システム部門へ連絡する\n    extension: \"{}\"\n    people:",
            3000 + k
        );
        for p in 0..(1 + k % 2) {
            let _ = writeln!(
                s,
                "      - name: {}\n        title: {}\n        extension: \"{}\"\n        mobile: 090-{:04}-{:04}",
                person(2 * k + p),
                if p == 0 { "所属長" } else { "副所属長" },
                30000 + 10 * k + p,
                1000 + k % 9000,
                2000 + (7 * k + p) % 8000
            );
        }
        let _ = writeln!(s, "    verified: {}\n", date(today - (k as i64 % 60)));
    }
    for k in 1..=procedures {
        let _ = writeln!(
            s,
            "  - id: vendor-{k:03}\n    name: {}保守窓口\n    kind: vendor\n    organization: 株式会社生成システムズ{k:03}\n    role: 障害受付・復旧支援\n    phone: 0120-{:03}-{:03}\n    hours: 24時間365日\n    note: 契約番号 GS-{k:04} を伝える\n    verified: {}\n",
            SYSTEMS[k % SYSTEMS.len()],
            100 + k % 900,
            (37 * k) % 1000,
            date(today - 10 - (k as i64 % 40))
        );
    }
    s.push_str("flow:\n");
    s.push_str("  - from: finder\n    to: dept-head\n    when: 直ちに\n");
    s.push_str("  - from: finder\n    to: night-manager\n    when: 夜間・休日\n");
    s.push_str("  - from: dept-head\n    to: it-dept\n    when: 直ちに\n");
    s.push_str("  - from: night-manager\n    to: it-dept\n    when: 当番携帯へ\n");
    for k in 1..=departments {
        let _ = writeln!(
            s,
            "  - from: dept-{k:04}\n    to: it-dept\n    when: 部署内で気づいたとき"
        );
    }
    s.push_str("  - from: it-dept\n    to: [committee, safety-manager");
    for k in 1..=procedures {
        let _ = write!(s, ", vendor-{k:03}");
    }
    s.push_str("]\n    when: 状況の確認後すぐに\n");
    s.push_str(
        "  - from: committee\n    to: [partners, ppc, jipdec]\n    when: 深刻度と事案に応じて\n",
    );
    s.push_str("  - from: safety-manager\n    to: [police, mhlw, tokyo, jpcert, ipa]\n    when: 深刻度に応じて\n");
    s
}

const SEVERITY: &str = "title: 深刻度と報告先
intro: 事故の影響の大きさで深刻度を決め、深刻度ごとの報告先へ速やかに報告して指示を仰ぐ。迷ったら重いほうを選ぶ。
source: reg:reg-0001#art-1
levels:
  - id: high
    name: 大
    criteria:
      - 事業そのものの継続に大きな影響がある場合
      - 顧客や取引先等の病院外に対して病院が加害者となる場合
    mandatory: [it-dept, committee, partners, police, jpcert, ipa, tokyo, jipdec]
  - id: medium
    name: 中
    criteria:
      - 通常の業務の遂行に影響がある場合
    mandatory: [it-dept, committee, partners, police, tokyo]
    optional: [jpcert, ipa]
  - id: low
    name: 小
    criteria:
      - 業務の一部に影響があったもので、問題の発生原因・被害の範囲とも病院内に限定される場合
    mandatory: [it-dept, committee]
deadlines:
  - to: ppc
    report: 速報
    within: 知った時から速やかに（概ね3〜5日以内）
    when: 要配慮個人情報を含む個人データの漏えい等が発生し、又は発生したおそれがあるとき
    basis: 個人情報の保護に関する法律 第26条第1項
  - to: ppc
    report: 確報
    within: 知った日から30日以内
    when: 速報を行った事案
    basis: 同法施行規則 第8条第2項
  - to: mhlw
    report: 連絡
    within: 速やかに
    when: サイバー攻撃により診療に影響が出た、又はそのおそれがあるとき
    levels: [high, medium]
";

const INCIDENT: &str = "title: 緊急時対応
lead: ウイルス感染・不正アクセス・情報漏えい・機器の紛失や盗難・システムの停止に気づいたら、その疑いの段階で、上から順に行ってください。
steps:
  - text: 端末をネットワークから切り離す
    detail: LAN ケーブルを抜く、または Wi-Fi を切る。電源は切らない。
    link: reg:reg-0001
  - text: 部門責任者に報告する（夜間・休日は当直管理者）
    call: [dept-head, night-manager]
  - text: 情報システム部門に連絡する
    call: it-dept
  - text: 診療を止めないため、部門責任者の指示で紙運用に切り替える
    link: page:procedures
dont:
  - 電源を切らない・再起動しない
  - 脅迫画面の連絡先に連絡しない・身代金に応じない
";

/// `content/procedures/sys-KKK.yaml`: backups, a recovery checklist,
/// 紙運用 and two restore drills, the latest within 180 days.
fn procedure(k: usize, today: i64) -> String {
    let system = SYSTEMS[k % SYSTEMS.len()];
    let mut s = format!(
        "system: {system}{k:03}\norder: {k}\nsummary: {system}の{k}番目の系統。停止すると関係部署の業務が紙運用になる。\nowner: it-dept\ncontacts: [it-dept, vendor-{k:03}]\nrto: 4時間\nrpo: 1時間\n"
    );
    s.push_str("backups:\n");
    s.push_str("  - what: データベース\n    method: フルバックアップ＋差分\n    frequency: 毎日 2:00 フル、毎時 差分\n    media: 院内バックアップサーバ（NAS）\n    generations: 14\n    offsite: 委託先データセンターへ日次で暗号化転送\n    offline: false\n");
    s.push_str("  - what: データベース（週次の完全コピー）\n    method: フルバックアップ\n    frequency: 毎週日曜 3:00\n    media: LTO テープ（書込み後に取り外して施錠保管）\n    generations: 8\n    offline: true\n");
    s.push_str("steps:\n");
    let steps = [
        (
            "障害の範囲を確認し、感染の疑いがあれば端末・サーバをネットワークから切り離す",
            "it-dept".to_string(),
        ),
        (
            "部門責任者・当直管理者に紙運用への切替えを連絡する",
            "it-dept".to_string(),
        ),
        (
            "保守窓口に連絡し、契約番号と症状を伝えて復旧支援を依頼する",
            "it-dept".to_string(),
        ),
        (
            "感染していないことを確認したバックアップを選び、復元する世代を決める",
            "it-dept".to_string(),
        ),
        (
            "データベースを復元し、差分を適用して復旧時点を確認する",
            format!("vendor-{k:03}"),
        ),
        (
            "代表端末で参照・登録を試し、各部門に動作確認を依頼する",
            "it-dept".to_string(),
        ),
    ];
    for (text, who) in steps {
        let _ = writeln!(s, "  - text: {text}\n    who: {who}");
    }
    s.push_str("downtime:\n  - 紙の記録用紙と伝票で記録し、部署ごとに時刻順に保管する\n  - 患者の基本情報は毎朝印刷している一覧で確認する\n  - 復旧後、紙の記録を入力し、入力者と日時を記録する\n");
    let _ = writeln!(
        s,
        "drills:\n  - date: {}\n    scenario: サーバの故障を想定し、テープから検証環境へ全体リストア\n    measured: 5時間10分\n    result: RTO を超過。差分の適用手順を見直し\n  - date: {}\n    scenario: 同上（手順改善後）\n    measured: {}時間{}分\n    result: RTO 内で復旧",
        date(today - 200 - (k as i64 % 30)),
        date(today - 20 - (k as i64 % 100)),
        2 + k % 2,
        10 * (k % 6)
    );
    s
}

/// `content/training.yaml`: three kinds, `sessions` sessions one a week
/// going back from the as-of date (so each kind's latest is recent), some
/// with follow-ups that are done or not yet due.
fn training(sessions: usize, departments: usize, today: i64, regulations: usize) -> String {
    let mut s = String::from(
        "kinds:\n  - id: education\n    name: 情報セキュリティ教育\n  - id: incident-drill\n    name: インシデント対応訓練\n  - id: phishing\n    name: 標的型メール訓練\n    interval_days: 180\n  - id: notice\n    name: 規程改定の周知\n    notice: true\nsessions:\n",
    );
    // Every regulation's revision in force was made known (周知), as the
    // W026 rule asks, so the generated handbook checks clean.
    for i in 1..=regulations {
        let _ = writeln!(
            s,
            "  - date: 2024-04-20\n    kind: notice\n    title: 生成規程{i:04}の一部改定の周知\n    regulation: reg-{i:04}\n    revision: 2024-04-01"
        );
    }
    let kinds = [
        ("education", "全職員向け情報セキュリティ研修", "全職員"),
        (
            "incident-drill",
            "ランサムウェア感染を想定した机上訓練",
            "部門責任者・情報システム部門",
        ),
        ("phishing", "標的型メール訓練", "メールアドレスを持つ全職員"),
    ];
    for j in 0..sessions {
        let day = today - 7 - 7 * j as i64;
        let (kind, title, audience) = kinds[j % kinds.len()];
        let target = 40 + (j * 37) % 400;
        let attended = target - (j * 13) % (target / 4 + 1);
        let _ = writeln!(
            s,
            "  - date: {}\n    kind: {kind}\n    title: {title}（第{}回）\n    audience: {audience}\n    target: {target}\n    attended: {attended}\n    results: 理解度テスト平均 {} 点",
            date(day),
            sessions - j,
            60 + j % 40
        );
        if j % 4 == 1 {
            let owner = if departments > 0 && j % 8 == 1 {
                format!("dept-{:04}", 1 + j % departments)
            } else {
                "it-dept".to_string()
            };
            let _ = writeln!(
                s,
                "    follow_up:\n      - action: 未受講者に e ラーニングを受講させる\n        owner: {owner}\n        due: {}",
                date(day + 30)
            );
            // Done 20 days after the session when that is on or before the
            // as-of date; otherwise the due date is still ahead.
            if day + 20 <= today {
                let _ = writeln!(s, "        done: {}", date(day + 20));
            }
        }
    }
    s
}

/// `content/forms/form-KKK.yaml`: a one- or two-page form with every kind of field.
fn form(k: usize) -> String {
    let pages = 1 + k % 2;
    let mut s = format!(
        "title: 生成様式{k:03}\nnumber: 様式第{k}号\norder: {k}\npages: {pages}\npurpose: 記録して部門責任者から情報システム部門へ回付します。\nheader:\n  - kind: date\n    label: 作成\n    width: 2\nsections:\n"
    );
    s.push_str("  - title: 概要\n    fields:\n      - kind: note\n        text: 報告の経路：部門責任者 → 情報システム部門\n      - kind: text\n        label: 発生場所\n        width: 2\n      - kind: datetime\n        label: 発生日時\n        width: 2\n      - kind: choice\n        label: 業務影響度\n        options: [重大, 大, 中, 軽微・無]\n        width: 2\n      - kind: duration\n        label: 業務停止時間\n        width: 2\n      - kind: checkboxes\n        label: 事故の種類\n        options: [システムダウン, サービス停止, ウイルス検出, ネットワーク障害, 機器故障, 紛失]\n        other: true\n      - kind: textarea\n        label: 詳細\n        lines: 4\n");
    if pages == 2 {
        s.push_str("  - title: 処置\n    new_page: true\n    fields:\n      - kind: textarea\n        label: 応急処置と結果\n        lines: 3\n        width: 3\n      - kind: signature\n        roles: [担当, 承認]\n        width: 1\n      - kind: table\n        label: 経過\n        options: [日時, 内容, 担当]\n        lines: 8\n");
    } else {
        s.push_str("  - title: 確認\n    fields:\n      - kind: time\n        label: 確認時刻\n        width: 2\n      - kind: signature\n        roles: [担当, 承認]\n        width: 2\n");
    }
    s
}

fn index(n: usize) -> String {
    format!(
        "---\ntitle: ホーム\n---\nベンチマーク用に生成した {n} 規程のハンドブックです。\n\nまずは[生成規程0001](reg:reg-0001)と[緊急時対応](page:incident)をお読みください。\n連絡先は[連絡体制図](page:contacts)、復旧手順は[一覧](page:procedures)、\n研修は[教育・訓練の記録](page:training)、様式は[様式一覧](page:forms)にあります。\n"
    )
}

const ABOUT: &str = "---\ntitle: このハンドブックについて\norder: 10\n---\nこのハンドブックは `gen_handbook` が生成したものです。[情報システム部門](contact:it-dept)が管理します。\n\n| 版 | 内容 |\n|---|---|\n| 第1版 | 生成 |\n";

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let dir = args
        .next()
        .unwrap_or_else(|| format!("target/bench/gen-{n}"));
    let dir = Path::new(&dir);
    // The as-of day: the day of SOURCE_DATE_EPOCH in Japan time, as the build uses.
    let epoch: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_767_225_600);
    let today = (epoch + 9 * 3600).div_euclid(86_400);
    debug_assert_eq!(days_from_civil(2026, 1, 1), 1_767_225_600 / 86_400);
    debug_assert_eq!(date(days_from_civil(2024, 2, 29)), "2024-02-29");

    let departments = (n / 5).max(2);
    let procedures = (n / 10).max(1);
    let sessions = (n / 2).max(3);
    let forms = (n / 50).max(1);

    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let content = dir.join("content");
    for sub in ["regulations", "procedures", "forms", "pages"] {
        std::fs::create_dir_all(content.join(sub))?;
    }
    std::fs::write(
        dir.join("handbook.yaml"),
        "title: ベンチマーク用ハンドブック\norganization: ○○病院\nedition: 第1版\n",
    )?;
    std::fs::write(content.join("index.md"), index(n))?;
    std::fs::write(content.join("pages/about.md"), ABOUT)?;
    for i in 1..=n {
        std::fs::write(
            content.join(format!("regulations/reg-{i:04}.md")),
            regulation(i),
        )?;
    }
    std::fs::write(
        content.join("contacts.yaml"),
        contacts(departments, procedures, today),
    )?;
    std::fs::write(content.join("severity.yaml"), SEVERITY)?;
    std::fs::write(content.join("incident.yaml"), INCIDENT)?;
    for k in 1..=procedures {
        std::fs::write(
            content.join(format!("procedures/sys-{k:03}.yaml")),
            procedure(k, today),
        )?;
    }
    std::fs::write(
        content.join("training.yaml"),
        training(sessions, departments, today, n),
    )?;
    for k in 1..=forms {
        std::fs::write(content.join(format!("forms/form-{k:03}.yaml")), form(k))?;
    }
    Ok(())
}
