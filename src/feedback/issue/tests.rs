use super::*;

fn diagnostics() -> Diagnostics {
    Diagnostics {
        version: "0.1.0".into(),
        platform: "linux/amd64".into(),
        terminal: "xterm".into(),
        telemetry: "undecided".into(),
    }
}

fn draft(title: &str, body: &str, diagnostics: bool) -> Draft {
    Draft {
        kind: Kind::Bug,
        title: title.into(),
        body: body.into(),
        diagnostics,
    }
}

#[test]
fn special_characters_are_encoded() {
    let issue = build(
        "weaveworks/weave-gitops",
        &draft("a & b = c # d % e + f ? g / h", "line 1\nline 2 é", false),
        &diagnostics(),
    );
    assert_eq!(
        issue.url,
        "https://github.com/weaveworks/weave-gitops/issues/new?template=bug_report.md\
         &title=a+%26+b+%3D+c+%23+d+%25+e+%2B+f+%3F+g+%2F+h&body=line+1%0Aline+2+%C3%A9"
    );
    assert!(issue.fits);
    let parsed = Url::parse(&issue.url).unwrap();
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    assert_eq!(pairs[1].1, "a & b = c # d % e + f ? g / h");
    assert_eq!(pairs[2].1, "line 1\nline 2 é");
}

#[test]
fn diagnostics_section_on_and_off() {
    let on = build("o/r", &draft("t", "it broke", true), &diagnostics());
    assert_eq!(
        on.body,
        "it broke\n\n### Environment\n\n- gitops version: 0.1.0\n- OS/arch: linux/amd64\n- terminal: xterm\n- telemetry: undecided\n"
    );
    let off = build("o/r", &draft("t", "it broke\n\n", false), &diagnostics());
    assert_eq!(off.body, "it broke");
}

#[test]
fn kinds_pick_templates() {
    let d = Draft {
        kind: Kind::Docs,
        ..draft("t", "", false)
    };
    assert!(
        build("o/r", &d, &diagnostics())
            .url
            .contains("template=docs.md")
    );
    let f = Draft {
        kind: Kind::Feature,
        ..draft("t", "", false)
    };
    assert!(
        build("o/r", &f, &diagnostics())
            .url
            .contains("template=feature_request.md")
    );
}

#[test]
fn a_long_body_goes_to_a_file_and_the_link_stays_short() {
    let dir = tempfile::tempdir().unwrap();
    let body = "x".repeat(9000);
    let issue = build("o/r", &draft("long", &body, true), &diagnostics());
    assert!(!issue.fits);
    let prepared = prepare("o/r", &issue, dir.path(), true).unwrap();
    let saved = prepared.saved_to.unwrap();
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), issue.body);
    assert!(prepared.url.len() < 1000, "{}", prepared.url.len());
    assert!(prepared.url.contains("paste+it+here"));
    assert!(prepared.url.contains("title=long"));
    assert!(prepared.url.contains("copied+to+the+clipboard"));
    // Without a terminal nothing is copied, and the short body does not say it was.
    let uncopied = prepare("o/r", &issue, dir.path(), false).unwrap();
    assert!(!uncopied.url.contains("clipboard"), "{}", uncopied.url);
    assert!(uncopied.url.contains("paste+it+here"));
}

#[test]
fn a_short_body_opens_as_is() {
    let dir = tempfile::tempdir().unwrap();
    let issue = build("o/r", &draft("short", "b", false), &diagnostics());
    let prepared = prepare("o/r", &issue, dir.path(), true).unwrap();
    assert_eq!((prepared.url, prepared.saved_to), (issue.url, None));
}

#[test]
fn a_draft_survives_on_disk_until_removed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drafts").join("draft.json");
    assert_eq!(load_draft(&file), None);
    let d = draft("t", "line 1\nline 2", false);
    save_draft(&file, Some(&d)).unwrap();
    assert_eq!(load_draft(&file), Some(d));
    save_draft(&file, None).unwrap();
    save_draft(&file, None).unwrap();
    assert_eq!(load_draft(&file), None);
}
