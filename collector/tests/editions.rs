//! A collector counts the commands of both gitops CLIs: weave-gitops' and the Weave GitOps
//! Enterprise CLI's (weave-gitops-enterprise `cmd/gitops/app/`), which report the same
//! product, `weave-gitops`.

mod common;

use common::{Collector, SCRYPT_A, UUID_A, command_query, get, stored};

#[tokio::test]
async fn the_enterprise_cli_s_commands_are_counted() {
    let c = Collector::counting();
    for (object, command, signature) in [
        ("connect", "cluster", UUID_A),
        ("bootstrap", "auth", SCRYPT_A),
        ("get", "app", UUID_A),
    ] {
        let q = command_query(object, command, signature, "0.38.0");
        let (status, body) = get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    c.flushed(3).await;
    let s = stored(&c, "weave-gitops").await;
    let mut commands: Vec<(String, String, u64)> = s
        .by_command
        .rows
        .iter()
        .map(|r| (r.object.clone(), r.command.clone(), r.count.checks))
        .collect();
    commands.sort();
    assert_eq!(
        commands,
        [
            ("bootstrap".into(), "auth".into(), 1),
            ("connect".into(), "cluster".into(), 1),
            ("get".into(), "app".into(), 1),
        ]
    );
    let (ok, _) = c.stop();
    assert!(ok);
}
