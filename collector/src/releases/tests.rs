use super::*;

fn example() -> Releases {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/releases.example.toml"
    ));
    Releases::load(path).unwrap()
}

#[test]
fn the_example_answers_as_documented() {
    let r = example();
    assert_eq!(r.products(), ["weave-gitops"]);
    let old = r.answer("weave-gitops", "v0.35.0").unwrap();
    assert_eq!(old.current_version, "0.38.0");
    assert_eq!(old.current_release, 1_701_734_400);
    assert!(old.outdated);
    assert_eq!(old.alerts.len(), 1);
    assert_eq!(old.alerts[0].level, "warn");
    assert_eq!(old.project_website, "https://docs.gitops.weave.works");
    let current = r.answer("weave-gitops", "0.38.0").unwrap();
    assert!(!current.outdated && current.alerts.is_empty());
    let candidate = r.answer("weave-gitops", "0.39.0-rc.1").unwrap();
    assert!(!candidate.outdated);
    assert!(r.answer("other", "1.0.0").is_none());
}

#[test]
fn the_examples_alert_reaches_the_release_candidates_inside_its_range() {
    let r = example();
    for (version, alerted) in [
        ("0.35.0-rc.1", true),
        ("v0.35.0-rc.1", true),
        ("0.34.2-RC1", true),
        ("0.36.0-rc.1", false),
        ("0.36.0", false),
        ("0.39.0-rc.1", false),
    ] {
        let alerts = r.answer("weave-gitops", version).unwrap().alerts;
        assert_eq!(alerts.len(), usize::from(alerted), "{version}");
    }
}

#[test]
fn a_pre_release_is_matched_as_its_release_unless_its_own_pre_releases_are_named() {
    let table = [
        ("<0.36.0", "0.35.0-rc.1", true),
        ("<0.36.0", "0.36.0-rc.1", false),
        (">=0.6.0, <0.7.0", "0.6.2-rc1", true),
        (">=0.6.0, <0.7.0", "0.6.0-rc0", true),
        (">=0.6.0, <0.7.0", "0.7.0-rc1", false),
        (">=0.6.0, <0.7.0", "0.5.9-rc1", false),
        ("^0.6", "0.6.2-patch2", true),
        ("~0.9.1", "0.9.1-rc.2", true),
        ("=0.9.1", "0.9.1-rc.2", true),
        (">=0.36.0", "0.36.0-rc.1", true),
        (">0.36.0", "0.36.0-rc.1", false),
        ("*", "1.0.0-alpha", true),
        // A requirement that names pre-releases of the version's own X.Y.Z: as written.
        ("<0.36.0-rc.3", "0.36.0-rc.2", true),
        ("<0.36.0-rc.3", "0.36.0-rc.3", false),
        (">=0.36.0-rc.2", "0.36.0-rc.1", false),
        (">=0.36.0-rc.2", "0.36.0-rc.2", true),
        ("<0.36.0-rc.3", "0.35.0-rc.1", true),
        // Releases as semver matches them.
        ("<0.36.0", "0.35.9", true),
        ("<0.36.0", "0.36.0", false),
        (">=0.6.0, <0.7.0", "0.6.2+build.7", true),
    ];
    for (req, version, reaches) in table {
        let parsed = semver::VersionReq::parse(req).unwrap();
        let v = semver::Version::parse(version).unwrap();
        assert_eq!(alert_reaches(&parsed, &v), reaches, "{version} in {req:?}");
    }
}

#[test]
fn a_pre_release_is_outdated_once_a_newer_release_is_out() {
    let text = "[[product]]\nname = \"p\"\n\
        [[product.release]]\nversion = \"0.38.0\"\ndate = 0\n\
        [[product.release]]\nversion = \"0.39.0-rc.2\"\ndate = 1\n";
    let r = Releases::parse(text, Path::new("r.toml")).unwrap();
    for (version, outdated) in [
        ("0.38.0-rc.1", true),
        ("0.37.1-rc.1", true),
        ("0.38.0", false),
        ("0.38.0+build.5", false),
        ("0.38.1-rc.1", false),
        ("0.39.0-rc.1", false),
        ("0.39.0-rc.2", false),
    ] {
        let a = r.answer("p", version).unwrap();
        assert_eq!(a.current_version, "0.38.0");
        assert_eq!(a.outdated, outdated, "{version}");
    }
}

#[test]
fn only_pre_releases_still_name_a_current_one() {
    let text = "[[product]]\nname = \"p\"\n[[product.release]]\nversion = \"1.0.0-rc.1\"\ndate = 0\n[[product.release]]\nversion = \"1.0.0-rc.2\"\ndate = 1\n";
    let r = Releases::parse(text, Path::new("r.toml")).unwrap();
    let a = r.answer("p", "1.0.0-rc.1").unwrap();
    assert_eq!(
        (a.current_version.as_str(), a.outdated),
        ("1.0.0-rc.2", true)
    );
}

#[test]
fn errors_name_the_file_and_the_value() {
    let table = [
        ("", "no [[product]]"),
        ("[[product]]\nname = \"a/b\"\n", "\"a/b\""),
        (
            "[[product]]\nname = \"p\"\n[[product.release]]\nversion = \"one\"\ndate = 0\n",
            "\"one\"",
        ),
        (
            "[[product]]\nname = \"p\"\n[[product.alert]]\nid = 3\ndate = 0\nmessage = \"m\"\nversions = \"<<1\"\n",
            "alert 3",
        ),
        (
            "[[product]]\nname = \"p\"\n[[product]]\nname = \"p\"\n",
            "twice",
        ),
        ("[[product]]\nname = \"p\"\ncolour = 1\n", "colour"),
    ];
    for (text, needle) in table {
        let e = Releases::parse(text, Path::new("rel.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("rel.toml: ") && e.contains(needle), "{e}");
    }
}

/// A releases file of product `p` whose one release is `version`.
fn one_release(version: &str) -> String {
    format!("[[product]]\nname = \"p\"\n[[product.release]]\nversion = \"{version}\"\ndate = 0\n")
}

async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<bool>) -> Option<bool> {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("reloaded within 10 s")
}

#[tokio::test]
async fn a_changed_file_is_reloaded_and_a_broken_one_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releases.toml");
    let v = one_release;
    std::fs::write(&path, v("1.0.0")).unwrap();
    let watched = Watched::open(Some(&path)).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let hangup = Default::default();
    let task = tokio::spawn(
        watched
            .clone()
            .watch(Duration::from_millis(20), hangup, move |r| {
                tx.send(r.is_ok()).unwrap();
            }),
    );
    std::fs::write(&path, v("1.1.0-and-more")).unwrap();
    assert_eq!(next(&mut rx).await, Some(true));
    assert_eq!(
        watched.get().answer("p", "1.0.0").unwrap().current_version,
        "1.1.0-and-more"
    );
    std::fs::write(&path, "broken = ").unwrap();
    assert_eq!(next(&mut rx).await, Some(false));
    assert_eq!(
        watched.get().answer("p", "1.0.0").unwrap().current_version,
        "1.1.0-and-more"
    );
    task.abort();
}

#[tokio::test]
async fn a_hangup_rereads_a_file_whose_change_the_poll_cannot_see() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releases.toml");
    let v = one_release;
    std::fs::write(&path, v("1.0.0")).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let watched = Watched::open(Some(&path)).unwrap();
    let hangup = std::sync::Arc::new(tokio::sync::Notify::new());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(watched.clone().watch(
        Duration::from_millis(20),
        hangup.clone(),
        move |r| tx.send(r.is_ok()).unwrap(),
    ));
    // The same size and modification time: the poll sees no change.
    std::fs::write(&path, v("2.0.0")).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        watched.get().answer("p", "1.0.0").unwrap().current_version,
        "1.0.0"
    );
    hangup.notify_one();
    assert_eq!(next(&mut rx).await, Some(true));
    assert_eq!(
        watched.get().answer("p", "1.0.0").unwrap().current_version,
        "2.0.0"
    );
    task.abort();
}

#[test]
fn the_file_is_read_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releases.toml");
    let mut text = String::from("[[product]]\nname = \"weave-gitops\"\n");
    text.push_str(&"#".repeat(RELEASES_LIMIT as usize));
    std::fs::write(&path, text).unwrap();
    let e = Releases::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("releases.toml") && e.contains("larger than 4 MiB"),
        "{e}"
    );
}

#[test]
fn products_releases_and_alerts_are_capped() {
    let release = "[[product.release]]\nversion = \"1.0.0\"\ndate = 0\n";
    let alert = "[[product.alert]]\nid = 1\ndate = 0\nmessage = \"m\"\n";
    let product = |releases: usize, alerts: usize| {
        format!(
            "[[product]]\nname = \"p\"\n{}{}",
            release.repeat(releases),
            alert.repeat(alerts)
        )
    };
    let parse = |text: &str| Releases::parse(text, Path::new("rel.toml"));
    assert!(parse(&product(MAX_RELEASES, MAX_ALERTS)).is_ok());
    let e = parse(&product(MAX_RELEASES + 1, 0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("1001 releases are listed; at most 1000"), "{e}");
    let e = parse(&product(0, MAX_ALERTS + 1)).unwrap_err().to_string();
    assert!(e.contains("101 alerts are listed; at most 100"), "{e}");
    let many: String = (0..=MAX_PRODUCTS)
        .map(|i| format!("[[product]]\nname = \"p{i}\"\n"))
        .collect();
    let e = parse(&many).unwrap_err().to_string();
    assert!(e.contains("101 products are defined; at most 100"), "{e}");
}
