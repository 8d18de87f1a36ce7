//! The example handbook in `content/` carries both seed regulations whole:
//! every article of 医療情報システム安全管理規程 with its caption and 項, every
//! section of セキュリティ事故の検出と是正・予防処置規定, and their 改定履歴.

use std::path::Path;

use handbook::content::regulation::{ArticleKind, Regulation, articles_of};
use handbook::content::{self, Handbook};

/// The day the example's records are current on (scripts/test.sh builds
/// with the same SOURCE_DATE_EPOCH).
fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date")
}

fn example() -> Handbook {
    // The seeds' text is the version in force; a coming revision is kept
    // beside it (content/regulations/<id>/).
    let info = handbook::build_info::BuildInfo {
        date: as_of(),
        as_of: as_of(),
        commit: None,
    };
    let loaded = handbook::pipeline::load_and_check(Path::new(env!("CARGO_MANIFEST_DIR")), &info);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        loaded
            .diagnostics
            .iter()
            .map(|d| d.render())
            .collect::<String>()
    );
    loaded.handbook.expect("the example loads")
}

fn regulation<'a>(hb: &'a Handbook, id: &str) -> &'a Regulation {
    hb.regulation(id)
        .unwrap_or_else(|| panic!("no regulation {id}"))
}

#[test]
fn medical_info_safety_has_every_article_caption_and_paragraph() {
    let hb = example();
    let r = regulation(&hb, "medical-info-safety");
    let arts: Vec<_> = r.body.articles().collect();
    let numbers: Vec<u32> = arts
        .iter()
        .filter_map(|a| a.number().map(|n| n.main))
        .collect();
    assert_eq!(numbers, (1..=18).collect::<Vec<_>>());
    let captions = [
        "目的",
        "適用範囲",
        "医療情報システム安全管理責任者の設置",
        "サーバ、端末ＰＣ、ネットワーク機器の台帳管理",
        "リモートメンテナンス（保守）を利用する機器の確認",
        "医療情報セキュリティ開示書（ＭＤＳ／ＳＤＳ）の提出",
        "利用者のアクセス利用権限設定",
        "不要なアカウントの削除または無効化",
        "セキュリティパッチの適用",
        "パスワード管理",
        "ＵＳＢストレージ等の外部記録媒体・情報機器の接続制限",
        "アクセスログの管理",
        "不要なソフトウェア及びサービスの停止",
        "接続元制限の実施",
        "連絡体制図の整備",
        "データ・システムのバックアップと復旧手順の確認",
        "事業継続計画（ＢＣＰ）の策定",
        "幹部会での協議",
    ];
    for (a, c) in arts.iter().zip(captions) {
        assert_eq!(a.caption.as_deref(), Some(c), "{}", a.label);
    }
    let paragraphs: Vec<usize> = arts.iter().map(|a| a.paragraphs.len()).collect();
    assert_eq!(
        paragraphs,
        [1, 1, 2, 3, 1, 1, 3, 2, 1, 4, 3, 2, 2, 2, 1, 1, 2, 1]
    );
    let chapters = r
        .body
        .blocks
        .iter()
        .filter(|b| matches!(b, content::regulation::Block::Heading { level: 1, .. }))
        .count();
    assert_eq!(chapters, 5);
    assert_eq!(r.body.supplements.len(), 1);
    assert_eq!(
        articles_of(&r.body.supplements[0].blocks)
            .next()
            .unwrap()
            .paragraphs[0]
            .lines[0]
            .text,
        "この規程は、令和７年４月１日から施行する。"
    );
    let a15 = &arts[14].paragraphs[0].lines[0].text;
    assert!(
        a15.contains(
            "事業者、厚生労働省、警察等の外部関係機関との緊急連絡先を明示した[連絡体制図](page:contacts)を作成し"
        ),
        "{a15}"
    );
}

#[test]
fn security_incident_has_every_section_and_its_history() {
    let hb = example();
    let r = regulation(&hb, "security-incident");
    let titles: Vec<String> = r
        .body
        .articles()
        .filter(|a| matches!(a.kind, ArticleKind::Section(_)))
        .map(|a| format!("{} {}", a.label, a.title.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        titles,
        [
            "1. 目的",
            "2. 責任",
            "3. セキュリティ事故の監視",
            "4. セキュリティ事故への対処",
            "5. セキュリティ事故の再発防止",
            "6. セキュリティ事故の予防",
            "7. セキュリティ事故防止に対する従業員の義務と違反時の処置",
        ]
    );
    let items: Vec<usize> = r
        .body
        .articles()
        .map(|a| {
            a.paragraphs[0]
                .items
                .iter()
                .filter(|i| i.depth == 0)
                .count()
        })
        .collect();
    assert_eq!(items, [3, 0, 3, 4, 2, 7, 2]);
    let dates: Vec<String> = r.history.iter().map(|h| h.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2005-04-01",
            "2005-07-01",
            "2010-04-01",
            "2012-04-01",
            "2016-04-01",
            "2018-04-01"
        ]
    );
    let severity: Vec<String> = r.body.articles().nth(3).unwrap().paragraphs[0]
        .items
        .iter()
        .filter(|i| i.depth == 1 && i.marker != "①")
        .map(|i| i.lines[0].text.chars().take(6).collect())
        .filter(|t: &String| t.starts_with("深刻度"))
        .collect();
    assert_eq!(severity, ["深刻度：大　", "深刻度：中　", "深刻度：小　"]);
}

/// Seed 000 section 4(3): the destinations of each severity, as the seed
/// lists them, and the optional ones of 中.
#[test]
fn severity_matrix_carries_seed_000_section_4_3() {
    let hb = example();
    let sev = hb.severity.as_ref().expect("content/severity.yaml");
    let name = |id: &str| hb.contact(id).map(|c| c.name.clone()).unwrap_or_default();
    let names = |refs: &[handbook::content::fields::Ref]| -> Vec<String> {
        refs.iter().map(|r| name(&r.id)).collect()
    };
    let levels: Vec<&str> = sev.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(levels, ["大", "中", "小"]);
    let high = names(&sev.levels[0].mandatory);
    for expected in [
        "情報システム部門",
        "個人情報管理委員会",
        "該当する顧客や取引先",
        "JPCERT",
        "IPA",
        "東京都保健医療局医療政策部医療安全課",
        "JIPDEC",
    ] {
        assert!(
            high.iter().any(|n| n.contains(expected)),
            "大 lacks {expected}: {high:?}"
        );
    }
    assert!(high.iter().any(|n| n.contains("警察")));
    let medium_optional = names(&sev.levels[1].optional);
    assert!(medium_optional.iter().any(|n| n.contains("JPCERT")));
    assert!(medium_optional.iter().any(|n| n.contains("IPA")));
    assert_eq!(
        names(&sev.levels[2].mandatory),
        ["情報システム部門", "個人情報管理委員会"]
    );
    // The one number the seed gives is kept exactly.
    let tokyo = hb
        .contact("tokyo")
        .and_then(|c| c.phone.clone())
        .expect("tokyo phone");
    assert_eq!(tokyo.dial, "0353204432");
    // The personal-data deadlines of the law are there.
    let reports: Vec<&str> = sev.deadlines.iter().map(|d| d.report.as_str()).collect();
    assert!(
        reports.contains(&"速報") && reports.contains(&"確報"),
        "{reports:?}"
    );
}

/// The escalation flow of seed 000 (部門責任者 → 情報システム部門 →
/// 個人情報管理委員会) and seed 001 第15条 (事業者, 厚生労働省, 警察).
#[test]
fn contact_chart_carries_the_seed_flows() {
    let hb = example();
    let chart = hb.contacts.as_ref().expect("content/contacts.yaml");
    let reports_to = |from: &str, to: &str| {
        chart
            .flow
            .iter()
            .any(|f| f.from.id == from && f.to.iter().any(|t| t.id == to))
    };
    assert!(reports_to("dept-head", "it-dept"));
    assert!(reports_to("it-dept", "committee"));
    assert!(reports_to("it-dept", "emr-vendor"));
    assert!(reports_to("safety-manager", "mhlw"));
    assert!(reports_to("safety-manager", "police"));
}
