use super::*;

fn verbs(line: &str) -> (String, String) {
    let argv: Vec<&str> = line.split_whitespace().collect();
    let r = Vocabulary::builtin().reduce(&argv);
    (r.object, r.command)
}

#[test]
fn command_lines_reduce_to_two_verbs() {
    let table = [
        (
            "add cluster --from-template t --set k=v --dry-run",
            "add",
            "cluster",
        ),
        ("version", "gitops", "version"),
        ("", "", "gitops"),
        ("--help", "", "gitops"),
        ("get clusters", "get", "cluster"),
        ("get apps my-app -n flux-system", "get", "app"),
        ("-n flux-system get templates", "get", "template"),
        ("--namespace=flux-system get app", "get", "app"),
        (
            "--kubeconfig /tmp/kc delete tf my-plan",
            "delete",
            "terraform",
        ),
        ("create tf", "create", "terraform"),
        ("beta add app --name x", "add", "app"),
        ("beta run ./dir", "beta", "run"),
        ("check oidc-config --client-id abc", "check", "oidc-config"),
        ("get secret-stuff", "gitops", "get"),
        ("my-cluster get app", "", "gitops"),
        ("get -- app", "gitops", "get"),
        ("ui run --port 9001", "ui", "run"),
        ("upgrade --version 0.7.0", "gitops", "upgrade"),
        (
            "add app --url https://github.com/me/secret-repo",
            "add",
            "app",
        ),
        ("-u admin -p hunter2 get config", "get", "config"),
    ];
    for (line, object, command) in table {
        assert_eq!(
            verbs(line),
            (object.to_string(), command.to_string()),
            "{line:?}"
        );
    }
}

#[test]
fn fates_say_what_is_not_sent() {
    let r = Vocabulary::builtin().reduce(&[
        "add",
        "cluster",
        "--from-template",
        "t",
        "--set",
        "k=v",
        "--dry-run",
    ]);
    let dropped: Vec<&str> = r.dropped().collect();
    assert_eq!(
        dropped,
        ["--from-template", "t", "--set", "k=v", "--dry-run"]
    );
    assert_eq!(r.words[3].1, Fate::FlagValue);
    assert_eq!(r.words[6].1, Fate::Flag);
}

#[test]
fn every_vocabulary_name_of_the_spec_is_there() {
    let names = Vocabulary::builtin().names();
    for name in [
        "add",
        "app",
        "cluster",
        "profile",
        "beta",
        "init",
        "install",
        "run",
        "check",
        "oidc-config",
        "create",
        "dashboard",
        "terraform",
        "delete",
        "docs",
        "flux",
        "get",
        "bcrypt-hash",
        "commits",
        "config",
        "credential",
        "template",
        "logs",
        "remove",
        "replan",
        "resume",
        "set",
        "suspend",
        "ui",
        "uninstall",
        "upgrade",
        "version",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing");
    }
}

#[test]
fn a_bad_vocabulary_names_its_file() {
    let err = Vocabulary::parse("[add]\naliases = 3\n", Path::new("/x/cmds.toml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/x/cmds.toml: add.aliases must be a list of strings"
    );
    let err = Vocabulary::parse("[\"has space\"]\n", Path::new("c.toml")).unwrap_err();
    assert!(err.to_string().contains("\"has space\""), "{err}");
}

#[test]
fn every_reduction_is_an_allowed_pair() {
    let vocab = Vocabulary::builtin();
    for line in [
        "",
        "version",
        "get clusters",
        "beta add app x",
        "delete tf p",
        "nope",
    ] {
        let argv: Vec<&str> = line.split_whitespace().collect();
        let r = vocab.reduce(&argv);
        assert!(vocab.allows(&r.object, &r.command), "{line:?} → {r:?}");
        assert!(
            vocab
                .pairs()
                .contains(&(r.object.clone(), r.command.clone()))
        );
    }
    assert!(!vocab.allows("secret-project", "--token=hunter2"));
    assert!(!vocab.allows("get", "add"));
    assert!(!vocab.allows("gitops", "gitops"));
}
